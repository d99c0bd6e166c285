// Loaded last: the entry points the host calls, the JSON functions they answer with and
// the globals that hold them cannot be replaced by the site's code. (The rest of the model —
// its helpers, the prototypes of built-in objects — can be: the host treats every answer
// as untrusted input.)
"use strict";
(() => {
  const v = globalThis.__vigie;
  for (const name of ["evaluateConfig", "loadDataFile", "evalFrontMatter", "computePages", "pkg", "packageKeys", "requirePath", "lengthOf"]) {
    if (name in v) Object.defineProperty(v, name, { value: v[name], writable: false, configurable: false });
  }
  Object.defineProperty(v, "json", { value: Object.freeze(v.json), writable: false, configurable: false });
  for (const name of ["__vigie", "__host"]) {
    Object.defineProperty(globalThis, name, { value: globalThis[name], writable: false, configurable: false });
  }
})();
