import { loadRuntime } from '@bytescope/python';
const rt = await loadRuntime(process.argv[2]);
console.log(rt.startedFrom, rt.runText('import sys, random; str((sys.flags.hash_randomization, hash("abc"), random.random(), "random" in sys.modules))'));
