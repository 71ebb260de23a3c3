const v = process.argv[2];
const { loadPyodide } = await import(v);
const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
console.log(v, py.runPython(process.argv[3]));
