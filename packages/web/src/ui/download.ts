/** Saving what the page made (a `.pyc`, `dis` text, JSON) as a file, without a server. */

/** Offers `data` for download as `name` (of MIME type `type`). */
export function download(name: string, data: Uint8Array | string, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser has the data once the click is handled; the URL is released a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
