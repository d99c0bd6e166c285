// The data of the pages as Eleventy computes it: JavaScript data files and `---js` front
// matter evaluated, the cascade deep-merged, preprocessors, `eleventyComputed`,
// collections (with `addCollection`), pagination, and each output's permalink.
"use strict";
(() => {
  const v = globalThis.__vigie;
  const dataFiles = new Map();
  const frontMatters = new Map();

  // Eleventy's supplied `eleventy` data (one object: pages read it, none changes it).
  let supplement = null;
  function eleventySupplement() {
    const version = __host.version;
    supplement = supplement || { version: `${version}.0.0`, generator: `Eleventy v${version}.0.0`, env: { root: v.ROOT, source: "cli", runMode: "build" } };
    return supplement;
  }

  // A data file's value: its export, called when it is a function (awaited).
  v.loadDataFile = async (argument) => {
    const { path, text } = v.json.parse(argument);
    const extension = path.slice(path.lastIndexOf(".") + 1);
    const parser = v.site.record.dataExtensions.find((d) => d.extension === extension);
    let value;
    if (parser && !/^(js|cjs|mjs)$/.test(extension)) {
      const parse = typeof parser.parser === "function" ? parser.parser : parser.parser && parser.parser.parser;
      if (typeof parse !== "function") throw new Error(`addDataExtension("${extension}") has no parser vigie can call`);
      value = await parse(text, `${v.ROOT}/${path}`);
    } else value = (await v.load(path)).default;
    if (settle(value)) value = await value;
    // Eleventy calls it with the config's global data.
    if (typeof value === "function") value = await value({ ...(await configGlobalData()), eleventy: eleventySupplement() });
    dataFiles.set(path, value);
    return v.json.stringify({ value: v.toHost(value === undefined ? {} : value) });
  };

  // `---js` front matter: an object expression (Eleventy 1–2, and 3), or statements whose
  // top-level declarations are the data (Eleventy 3).
  v.evalFrontMatter = async (argument) => {
    const { id, text } = v.json.parse(argument);
    let value;
    try {
      value = new Function(`return (${text}\n);`)();
    } catch (error) {
      if (!(error instanceof SyntaxError) || __host.version < 3) throw error;
      const names = [...text.matchAll(/^(?:export\s+)?(?:const|let|var|async\s+function|function)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
      const body = text.replace(/^export\s+/gm, "");
      value = new Function(`${body}\n;return { ${names.join(", ")} };`)();
    }
    if (typeof value === "function") value = value();
    value = await value;
    frontMatters.set(id, value || {});
    return v.json.stringify({ value: v.toHost(value || {}) });
  };

  // --- the cascade -------------------------------------------------------------------------
  // (An inert value is a function, so never a plain object.)
  function isPlainObject(value) {
    if (value === null || typeof value !== "object") return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  }
  // Eleventy's deep merge: objects merge, arrays concatenate, anything else replaces. Copy
  // on write: an object of `target` is copied before it changes, so that a page's data can
  // start as a shallow copy of the global data (which may be large) and share the rest.
  function merge(target, source) {
    if (!isPlainObject(source)) return target;
    for (const key of Object.keys(source)) {
      const value = source[key];
      // The host's dates arrive as `{ $date }`.
      if (isPlainObject(value) && typeof value.$date === "string") target[key] = new Date(value.$date);
      else if (isPlainObject(value)) target[key] = merge(isPlainObject(target[key]) ? { ...target[key] } : {}, value);
      else if (Array.isArray(value) && Array.isArray(target[key])) target[key] = target[key].concat(value.map(revive));
      else if (Array.isArray(value)) target[key] = value.map(revive);
      else target[key] = value;
    }
    return target;
  }
  const revive = (item) => (isPlainObject(item) && typeof item.$date === "string" ? new Date(item.$date) : item);
  function layerValue(layer) {
    if (layer.js !== undefined) return nest(layer.key, dataFiles.get(layer.js));
    if (layer.frontMatter !== undefined) return frontMatters.get(layer.frontMatter);
    if (layer.json !== undefined) {
      try {
        return nest(layer.key, JSON.parse(layer.json));
      } catch (_) {
        return {};
      }
    }
    // Static data, copied (and its dates revived) as it merges.
    return nest(layer.key, layer.data);
  }
  // `_data/a/b.js` (key `["a", "b"]`) is `{ a: { b: … } }`.
  function nest(key, value) {
    if (!key) return value;
    return key.reduceRight((inner, part) => ({ [part]: inner }), value);
  }
  // Sets `a.b.c`; with `copy`, the objects on the way are copied first (they may be shared).
  function setPath(target, dotted, value, copy = false) {
    const parts = dotted.split(".");
    let at = target;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(at[part])) at[part] = {};
      else if (copy) at[part] = { ...at[part] };
      at = at[part];
    }
    at[parts[parts.length - 1]] = value;
  }
  function getPath(target, dotted) {
    let at = target;
    for (const part of String(dotted).replace(/\[["']?([^\]"']+)["']?\]/g, ".$1").split(".")) {
      if (at === undefined || at === null) return undefined;
      at = at[part];
    }
    return at;
  }

  // Eleventy's tags: a list of strings without repeats; `""` and null are none.
  function tagList(tags) {
    if (tags === undefined || tags === null || tags === "") return [];
    const list = Array.isArray(tags) ? tags : [tags];
    return [...new Set(list.filter((t) => t !== null && t !== undefined && t !== "").map(String))];
  }

  // `tags: x` is `tags: [x]` before the layers merge (so that they add up).
  function withTagList(value) {
    if (!isPlainObject(value) || typeof value.tags !== "string") return value;
    return { ...value, tags: [value.tags] };
  }

  let globals = null;
  // The config's global data (`addGlobalData`), its functions run once.
  let configGlobals = null;
  async function configGlobalData() {
    if (configGlobals) return configGlobals;
    const data = {};
    for (const { name, value } of v.site.record.globalData) {
      let resolved = typeof value === "function" ? value() : value;
      if (settle(resolved)) resolved = await resolved;
      setPath(data, name, resolved);
    }
    configGlobals = data;
    return data;
  }
  async function globalData(layers) {
    const data = {};
    for (const layer of layers.slice().reverse()) merge(data, layerValue(layer));
    // addGlobalData sits above the global data files, deep-merged into them.
    merge(data, await configGlobalData());
    return data;
  }

  // The object that `this` is in permalink functions, computed data and filters.
  const contexts = new WeakMap();
  let functions = null;
  function context(data) {
    let made = contexts.get(data);
    if (!made) {
      // The filters and shortcodes, shared by every page's `this` through its prototype.
      if (!functions) functions = Object.assign(Object.create(null), v.site.record.filters, v.site.record.shortcodes);
      made = Object.create(functions);
      made.page = data.page;
      made.eleventy = data.eleventy;
      made.ctx = data;
      contexts.set(data, made);
    }
    return made;
  }
  // The value, awaited only when it is a promise (an `await` costs a turn of the queue).
  const settle = (value) => (value && typeof value.then === "function" ? value : null);
  function templateScope(data) {
    const locals = Object.create(null);
    return {
      lookup: (name) => (name in locals ? locals[name] : data[name]),
      set: (name, value) => {
        locals[name] = value;
      },
      filter: (name, value, args) => {
        const fn = v.site.record.filters[name] || v.templateFilters[name];
        if (typeof fn !== "function") {
          const from = v.site.record.unknownPlugins.length ? ` (maybe from ${v.site.record.unknownPlugins.join(", ")}, which vigie does not run)` : "";
          throw new v.Unsupported(`filter \`${name}\` is not known${from}`);
        }
        const result = fn.call(context(data), value, ...args);
        if (result && typeof result.then === "function") throw new v.Unsupported(`filter \`${name}\` is asynchronous`);
        return result;
      },
    };
  }
  function renderString(text, data) {
    return v.renderTemplate(text, templateScope(data));
  }

  // eleventyComputed: functions called with the data, template strings rendered, objects
  // followed key by key, in the order written: a key sees the computed keys above it, and
  // its own value as it was before (Eleventy orders keys by what they read; the order
  // written is what sites rely on).
  async function compute(data, computed, target, path, results) {
    for (const key of Object.keys(computed)) {
      const rule = computed[key];
      const name = path ? `${path}.${key}` : key;
      let value;
      try {
        if (typeof rule === "function") {
          value = rule.call(context(data), data);
          if (settle(value)) value = await value;
        }
        else if (typeof rule === "string" && v.isTemplate(rule)) value = renderString(rule, data);
        else if (isPlainObject(rule)) {
          target[key] = isPlainObject(target[key]) ? { ...target[key] } : {};
          await compute(data, rule, target[key], name, results);
          continue;
        } else value = rule;
      } catch (error) {
        results.unknown[name] = String(error && error.message ? error.message : error);
        value = v.inert(`eleventyComputed.${name}`);
      }
      target[key] = value;
      results.keys.add(name);
    }
  }

  function pageObject(page, data) {
    const date = pageDate(data.date);
    const object = { inputPath: page.inputPath, fileSlug: page.fileSlug, filePathStem: page.filePathStem, outputFileExtension: page.outputFileExtension, templateSyntax: page.templateSyntax, date: date || new Date(0), rawInput: v.MARK };
    if (page.lang) object.lang = page.lang;
    return object;
  }
  function pageDate(value) {
    if (value instanceof Date) return value;
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) {
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? null : date;
    }
    return null;
  }

  // One template's data, before pagination: cascade, preprocessors, computed data.
  async function templateData(page) {
    // Shared with every page but for what the page's layers change (see `merge`).
    const data = { ...globals };
    for (const layer of page.layers.slice().reverse()) merge(data, withTagList(layerValue(layer)));
    data.eleventy = eleventySupplement();
    data.page = pageObject(page, data);
    data.pkg = globals.pkg;
    data.tags = tagList(data.tags);
    const result = { data, skipped: false, computed: { keys: new Set(), unknown: {} } };
    for (const pre of v.site.record.preprocessors) {
      if (pre.extensions !== "*" && !pre.extensions.includes(page.extension)) continue;
      if (typeof pre.fn !== "function") continue;
      const answer = await pre.fn.call(context(data), data, v.MARK);
      if (answer === false) result.skipped = true;
    }
    const computed = data.eleventyComputed;
    result.rawComputed = computed;
    if (isPlainObject(computed)) await compute(data, computed, data, "", result.computed);
    return result;
  }

  // A permalink as written or computed, resolved: a URL path, `false`, `null` (Eleventy's
  // default URL), or an `{ unknown }` reason.
  async function permalinkOf(data) {
    let permalink = data.permalink;
    // Written empty, it is falsy to Eleventy (1.0.2 and 3.1.8 alike): the default URL.
    if (permalink === "") return null;
    try {
      if (typeof permalink === "function") {
        permalink = permalink.call(context(data), data);
        if (settle(permalink)) permalink = await permalink;
      }
      // `{ build, serverless … }`: only `build` writes a file.
      if (isPlainObject(permalink)) permalink = "build" in permalink ? permalink.build : false;
      if (permalink === undefined || permalink === null) return null;
      if (permalink === false) return false;
      if (v.isUnknown(permalink)) return { unknown: unknownPermalink(permalink) };
      if (typeof permalink !== "string") return { invalid: typeof permalink };
      if (v.isTemplate(permalink)) permalink = renderString(permalink, data);
      if (v.isUnknown(permalink)) return { unknown: unknownPermalink(permalink) };
      return permalink;
    } catch (error) {
      return { unknown: `its permalink: ${error && error.message ? error.message : error}`, pattern: patternOf(permalink) };
    }
  }

  // What a template permalink vigie cannot render still says of its URL: `calendar/{{ x |
  // f }}.ics` is some `/calendar/*.ics`. None when a tag may change its shape.
  function patternOf(permalink) {
    if (typeof permalink !== "string" || permalink.includes("{%")) return null;
    const pattern = permalink.trim().replace(/\{\{[\s\S]*?\}\}/g, "*");
    if (!pattern.includes("*") || pattern.replace(/[*/]/g, "") === "") return null;
    return pattern.startsWith("/") ? pattern : `/${pattern}`;
  }

  function unknownPermalink(value) {
    return `the permalink depends on \`${v.unknownName(value)}\`, which vigie does not run`;
  }

  function chunk(items, size) {
    const out = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
  }

  // Every output of a paginated template, or a reason it is unknown.
  async function paginate(data, computed) {
    const options = data.pagination;
    let target = typeof options.data === "string" ? getPath(data, options.data) : undefined;
    if (v.isUnknown(target) || target === undefined) {
      return { unknown: `it paginates over \`${options.data}\`, which vigie does not know` };
    }
    let items;
    if (Array.isArray(target)) items = target.slice();
    else if (target && typeof target === "object") items = options.resolve === "values" ? Object.values(target) : Object.keys(target);
    else return { unknown: `it paginates over \`${options.data}\`, which is not a list` };
    // Eleventy's order: `before`, then `reverse`, then `filter`.
    if (typeof options.before === "function") {
      items = options.before.call(context(data), items, data);
      if (settle(items)) items = await items;
    }
    if (v.isUnknown(items) || !Array.isArray(items)) return { unknown: "its pagination `before` callback gave a value vigie does not know" };
    if (options.reverse === true) items = items.slice().reverse();
    if (options.filter !== undefined) {
      const excluded = Array.isArray(options.filter) ? options.filter : [options.filter];
      items = items.filter((item) => !excluded.includes(item));
    }
    const size = Number(options.size);
    if (!(size > 0)) return { unknown: "its pagination has no `size` (Eleventy stops on it)" };
    const pages = chunk(items, size);
    if (!pages.length && options.generatePageOnEmptyData) pages.push([]);
    const outputs = [];
    for (let n = 0; n < pages.length; n++) {
      const pageData = Object.assign(Object.create(null), data);
      pageData.pagination = { ...options, items: pages[n], pageNumber: n, pages, size, hrefs: [], href: {} };
      if (options.alias) setPath(pageData, options.alias, size === 1 ? pages[n][0] : pages[n], true);
      // Computed data runs again for each page, with its items and alias.
      if (isPlainObject(computed)) await compute(pageData, computed, pageData, "", { keys: new Set(), unknown: {} });
      outputs.push({ pageNumber: n, permalink: await permalinkOf(pageData) });
    }
    return { outputs };
  }

  // --- collections --------------------------------------------------------------------------
  function globToRegExp(glob) {
    let re = "";
    const text = String(glob).replace(/^\.\//, "");
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === "*" && text[i + 1] === "*") {
        re += ".*";
        i++;
        if (text[i + 1] === "/") i++;
      } else if (c === "*") re += "[^/]*";
      else if (c === "?") re += "[^/]";
      else if (c === "{") re += "(?:";
      else if (c === "}") re += ")";
      else if (c === "," && re.includes("(?:")) re += "|";
      else re += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
    }
    return new RegExp(`^(?:\\./)?${re}$`);
  }
  function sortItems(items) {
    return items.sort((a, b) => a.date - b.date || (a.inputPath < b.inputPath ? -1 : a.inputPath > b.inputPath ? 1 : 0));
  }
  async function buildCollections(items, emptyTags) {
    const all = sortItems(items.slice());
    const collections = { all };
    for (const tag of emptyTags) if (typeof tag === "string") collections[tag] = [];
    for (const item of all) {
      for (const tag of Array.isArray(item.data.tags) ? item.data.tags : []) {
        if (typeof tag !== "string") continue;
        (collections[tag] = collections[tag] || []).push(item);
      }
    }
    const api = {
      getAll: () => all.slice(),
      getAllSorted: () => all.slice(),
      getFilteredByTag: (tag) => all.filter((item) => (item.data.tags || []).includes(tag)),
      getFilteredByTags: (...tags) => all.filter((item) => tags.every((tag) => (item.data.tags || []).includes(tag))),
      getFilteredByGlob: (globs) => {
        const patterns = (Array.isArray(globs) ? globs : [globs]).map(globToRegExp);
        return all.filter((item) => patterns.some((re) => re.test(item.inputPath)));
      },
    };
    const unknown = {};
    for (const [name, fn] of Object.entries(v.site.record.collections)) {
      try {
        collections[name] = await fn.call(null, api);
      } catch (error) {
        unknown[name] = String(error && error.message ? error.message : error);
        collections[name] = v.inert(`collections.${name}`);
      }
    }
    return { collections, unknown };
  }
  function collectionItem(page, data, url) {
    return {
      template: v.inert("template"),
      inputPath: page.inputPath,
      fileSlug: page.fileSlug,
      filePathStem: page.filePathStem,
      outputPath: url ? url : false,
      url,
      date: data.page.date,
      data,
      page: data.page,
      get templateContent() {
        return v.MARK;
      },
      content: v.MARK,
      rawInput: v.MARK,
    };
  }

  // `page.url` of a resolved permalink (null: the default URL).
  function urlOf(permalink, defaultUrl) {
    if (permalink === null) return defaultUrl;
    if (typeof permalink !== "string") return undefined;
    const url = permalink.startsWith("/") ? permalink : `/${permalink}`;
    return url.endsWith("/index.html") ? url.slice(0, -"index.html".length) : url;
  }

  function overCollections(data) {
    return data.pagination && typeof data.pagination.data === "string" && /^collections\b/.test(data.pagination.data);
  }

  // Entry point: every page's outputs and computed data. `{ global, pages, defaults }`.
  v.computePages = async (argument) => {
    const { global, pages } = v.json.parse(argument);
    globals = await globalData(global);
    const results = new Map();
    const items = [];
    const later = [];
    const emptyTags = new Set();
    const failed = (page, error) => {
      const result = { id: page.id, skipped: false, computed: { keys: new Set(), unknown: {} }, data: {} };
      result.unknown = `its data: ${error && error.message ? error.message : error}`;
      results.set(page.id, result);
    };
    for (const page of pages) {
      // One template's error leaves its own URL unknown, not the others'.
      let made;
      try {
        made = await templateData(page);
      } catch (error) {
        failed(page, error);
        continue;
      }
      const result = { id: page.id, skipped: made.skipped, computed: made.computed, data: made.data, rawComputed: made.rawComputed };
      results.set(page.id, result);
      if (made.skipped) {
        // Eleventy 3 still makes the collections a skipped template's tags name (empty).
        for (const tag of Array.isArray(made.data.tags) ? made.data.tags : []) emptyTags.add(tag);
        continue;
      }
      if (overCollections(made.data)) {
        later.push(page);
        continue;
      }
      try {
        await outputsOf(result);
      } catch (error) {
        result.unknown = `its pagination: ${error && error.message ? error.message : error}`;
      }
      if (made.data.eleventyExcludeFromCollections === true) continue;
      // One item, or one per page with `addAllPagesToCollections`.
      const all = made.data.pagination && made.data.pagination.addAllPagesToCollections;
      for (const output of (result.outputs || [{ permalink: undefined }]).slice(0, all ? undefined : 1)) {
        items.push(collectionItem(page, made.data, urlOf(output.permalink, page.defaultUrl)));
      }
    }
    const built = await buildCollections(items, emptyTags);
    for (const page of later) {
      const result = results.get(page.id);
      result.data.collections = built.collections;
      try {
        await outputsOf(result);
      } catch (error) {
        result.unknown = `its pagination: ${error && error.message ? error.message : error}`;
      }
    }
    const answer = [];
    for (const page of pages) {
      const result = results.get(page.id);
      answer.push({
        id: page.id,
        skipped: result.skipped,
        outputs: result.outputs || null,
        paginated: Boolean(result.paginated),
        unknown: result.unknown || null,
        computed: computedValues(result),
        computedUnknown: result.computed.unknown,
      });
    }
    return v.json.stringify({ pages: answer, collectionsUnknown: built.unknown });
  };

  async function outputsOf(result) {
    const data = result.data;
    if (data.pagination && typeof data.pagination === "object" && !v.isUnknown(data.pagination) && data.pagination.data !== undefined) {
      result.paginated = true;
      const paged = await paginate(data, result.rawComputed);
      if (paged.unknown) result.unknown = paged.unknown;
      else result.outputs = paged.outputs;
      return;
    }
    result.outputs = [{ pageNumber: null, permalink: await permalinkOf(data) }];
  }

  // The top-level values computed data set, for the host's cascade.
  function computedValues(result) {
    const out = {};
    for (const name of result.computed.keys) {
      const top = name.split(".")[0];
      if (top === "permalink") continue;
      out[top] = v.toHost(result.data[top]);
    }
    return out;
  }
})();
