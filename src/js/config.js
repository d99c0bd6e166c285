// A recording `eleventyConfig`: the site's config runs against it, and every call vigie
// models is kept — directories, passthrough copies, layout aliases, the markdown-it
// library and its plugins, the official plugins, collections, filters, shortcodes, global
// data, data extensions, preprocessors, ignores, template formats. Filters and collections
// stay callable for the data of the pages (data.js).
"use strict";
(() => {
  const v = globalThis.__vigie;

  function builtinSlugify(text) {
    if (v.isUnknown(text) || typeof __host.slugify !== "function") return v.MARK;
    return __host.slugify(String(text === undefined || text === null ? "" : text));
  }
  builtinSlugify.__vigieBuiltin = "slugify";

  function createConfig() {
    const record = {
      dir: {},
      returned: {},
      passthrough: [],
      layoutAliases: {},
      filters: {},
      shortcodes: {},
      pairedShortcodes: {},
      collections: {},
      globalData: [],
      dataExtensions: [],
      preprocessors: [],
      ignoresAdded: [],
      ignoresDeleted: [],
      templateFormats: null,
      addedFormats: [],
      plugins: [],
      unknownPlugins: [],
      library: null,
      amends: [],
      useGitIgnore: true,
      virtualTemplates: [],
      pathPrefix: undefined,
      dataFileSuffixes: undefined,
      dataFileBaseName: undefined,
      unmodelled: new Set(),
      pending: [],
    };
    const filters = record.filters;
    filters.slugify = builtinSlugify;
    filters.slug = builtinSlugify;
    filters.log = (x) => x;
    // Eleventy's `url` filter: a root-relative URL gets the path prefix.
    filters.url = function (url) {
      const prefix = (record.returned && typeof record.returned.pathPrefix === "string" ? record.returned.pathPrefix : record.pathPrefix) || "/";
      const text = String(url === undefined || url === null ? "" : url);
      if (!text.startsWith("/") || text.startsWith("//")) return text;
      return `${prefix.replace(/\/+$/, "")}${text}`;
    };
    const ignores = new Set();
    ignores.add = ((add) => (x) => {
      record.ignoresAdded.push(String(x));
      return add.call(ignores, x);
    })(ignores.add);
    ignores.delete = ((del) => (x) => {
      record.ignoresDeleted.push(String(x));
      return del.call(ignores, x);
    })(ignores.delete);
    const chain = () => config;
    const addFilter = (name, fn) => {
      filters[name] = fn;
      return config;
    };
    const addShortcode = (name, fn) => {
      record.shortcodes[name] = fn;
      return config;
    };
    // A paired shortcode wraps content: the host needs its name (a code highlighter's
    // content is not markup).
    const addPairedShortcode = (name, fn) => {
      record.pairedShortcodes[name] = fn;
      return addShortcode(name, fn);
    };
    // What the config sees is `config`, the proxy below; its methods answer it too.
    const target = {
      dir: { input: ".", includes: "_includes", data: "_data", output: "_site" },
      ignores,
      watchIgnores: new Set(),
      pathPrefix: "/",
      versionCheck: () => true,
      addFilter,
      addAsyncFilter: addFilter,
      addNunjucksFilter: addFilter,
      addNunjucksAsyncFilter: addFilter,
      addLiquidFilter: addFilter,
      addHandlebarsHelper: addFilter,
      addJavaScriptFilter: addFilter,
      addJavaScriptFunction: addFilter,
      getFilter: (name) => filters[name] || (record.unknownPlugins.length ? v.inert(`filter ${name}`) : undefined),
      getFilters: () => ({ ...filters }),
      addShortcode,
      addAsyncShortcode: addShortcode,
      addPairedShortcode,
      addPairedAsyncShortcode: addPairedShortcode,
      addNunjucksShortcode: addShortcode,
      addNunjucksAsyncShortcode: addShortcode,
      addPairedNunjucksShortcode: addPairedShortcode,
      addPairedNunjucksAsyncShortcode: addPairedShortcode,
      addLiquidShortcode: addShortcode,
      addPairedLiquidShortcode: addPairedShortcode,
      addNunjucksGlobal: chain,
      addNunjucksTag: chain,
      addLiquidTag: chain,
      getShortcode: (name) => record.shortcodes[name],
      addCollection: (name, fn) => {
        record.collections[name] = fn;
        return config;
      },
      addGlobalData: (name, value) => {
        record.globalData.push({ name: String(name), value });
        return config;
      },
      addPassthroughCopy: (from, options) => {
        if (typeof from === "string") record.passthrough.push({ from });
        else if (from && typeof from === "object" && !v.isUnknown(from)) {
          for (const key of Object.keys(from)) record.passthrough.push({ from: key, to: String(from[key]) });
        } else record.passthrough.push({ unknown: true });
        return config;
      },
      addLayoutAlias: (alias, target) => {
        record.layoutAliases[alias] = target;
        return config;
      },
      addPlugin: (plugin, options) => {
        if (v.isUnknown(plugin)) {
          record.unknownPlugins.push(String(v.unknownName(plugin)));
        } else if (plugin && plugin.__vigiePlugin) {
          record.plugins.push({ name: plugin.__vigiePlugin, options: options || {} });
          officialPlugin(plugin.__vigiePlugin, options || {});
        } else if (typeof plugin === "function") {
          const result = plugin(config, options);
          if (result && typeof result.then === "function") record.pending.push(result);
        } else if (plugin && typeof plugin.configFunction === "function") {
          const result = plugin.configFunction(config, options);
          if (result && typeof result.then === "function") record.pending.push(result);
        }
        return config;
      },
      resolvePlugin: (name) => v.pkg(name),
      setLibrary: (extension, library) => {
        if (extension === "md") record.library = library;
        return config;
      },
      amendLibrary: (extension, fn) => {
        if (extension === "md") record.amends.push(fn);
        return config;
      },
      setTemplateFormats: (formats) => {
        record.templateFormats = list(formats);
        return config;
      },
      addTemplateFormats: (formats) => {
        record.addedFormats.push(...list(formats));
        return config;
      },
      addExtension: (extensions, options) => {
        for (const ext of list(extensions)) record.addedFormats.push(ext);
        return config;
      },
      addDataExtension: (extensions, parser) => {
        for (const ext of list(extensions)) record.dataExtensions.push({ extension: ext, parser });
        return config;
      },
      addPreprocessor: (name, extensions, fn) => {
        record.preprocessors.push({ name, extensions: extensions === "*" ? "*" : list(extensions), fn });
        return config;
      },
      addTemplate: (path, content, data) => {
        record.virtualTemplates.push({ path: String(path), data: data || {}, content: typeof content === "string" ? content : "" });
        return config;
      },
      setUseGitIgnore: (use) => {
        record.useGitIgnore = use !== false;
        return config;
      },
      setInputDirectory: (dir) => set("input", dir),
      setOutputDirectory: (dir) => set("output", dir),
      setIncludesDirectory: (dir) => set("includes", dir),
      setLayoutsDirectory: (dir) => set("layouts", dir),
      setDataDirectory: (dir) => set("data", dir),
      setDataFileSuffixes: (suffixes) => {
        record.dataFileSuffixes = list(suffixes);
        return config;
      },
      setDataFileBaseName: (name) => {
        record.dataFileBaseName = String(name);
        return config;
      },
      on: chain,
      addTransform: chain,
      addLinter: chain,
      addWatchTarget: chain,
      setWatchThrottleWaitTime: chain,
      setServerOptions: chain,
      setServerPassthroughCopyBehavior: chain,
      setBrowserSyncConfig: chain,
      setNunjucksEnvironmentOptions: chain,
      setLiquidOptions: chain,
      setLiquidParameterParsing: chain,
      setFrontMatterParsingOptions: chain,
      setDataDeepMerge: chain,
      setQuietMode: chain,
      setWatchJavaScriptDependencies: chain,
      setDynamicPermalinks: chain,
      setChokidarConfig: chain,
      addBundle: chain,
      addMarkdownHighlighter: chain,
      setPrecompiledCollections: chain,
      setFreezeReservedData: chain,
      addDateParsing: chain,
      setLayoutResolution: chain,
    };
    function set(key, dir) {
      record.dir[key] = String(dir);
      return config;
    }
    // The official plugins' own filters, as the templates and permalinks see them.
    function officialPlugin(name, options) {
      if (name === "HtmlBasePlugin" && options.baseHref) record.pathPrefix = String(options.baseHref);
      if (name === "feedPlugin" && options.outputPath) {
        // The plugin's own name for its template, unless the site gives one.
        const title = String((options.metadata && options.metadata.title) || "");
        const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
        const path = options.inputPath || `eleventy-plugin-feed-${slug}-${options.type || "atom"}.njk`;
        record.virtualTemplates.push({ path: String(path), data: { permalink: String(options.outputPath), eleventyExcludeFromCollections: true }, content: "" });
      }
    }
    // Unmodelled methods answer `config` and are recorded, so that one new API call does
    // not stop the evaluation.
    const config = new Proxy(target, {
      get(object, key) {
        if (key in object || typeof key === "symbol") return object[key];
        record.unmodelled.add(String(key));
        return () => config;
      },
    });
    return { config, record };
  }

  function list(value) {
    if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
    if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter(Boolean);
    return [];
  }

  // Runs the config file at `path` (relative to the root) and returns what it recorded.
  async function runConfig(path) {
    const made = createConfig();
    const { config, record } = made;
    const loaded = await v.load(path);
    let exported = loaded.default;
    // Eleventy 3: the directories may be exported as `config` (`export const config`, or
    // `module.exports.config`).
    const named = loaded.config !== undefined ? loaded.config : exported && exported.config;
    if (named && typeof named === "object" && !v.isUnknown(named)) Object.assign(record.returned, named);
    let returned = exported;
    if (typeof exported === "function") returned = await exported(config);
    if (returned && typeof returned === "object" && !v.isUnknown(returned)) Object.assign(record.returned, returned);
    for (const pending of record.pending) await pending;
    made.library = markdownLibrary(record, config);
    return made;
  }

  // The markdown-it instance the site ends up with: its own (setLibrary) or Eleventy's
  // (html: true), with every amendLibrary callback applied in order.
  function markdownLibrary(record, config) {
    let library = record.library;
    let own = true;
    if (!library || !library.__vigieMarkdown) {
      own = false;
      if (library && v.isUnknown(library)) return { unknown: String(v.unknownName(library)) };
      library = v.pkg("markdown-it")({ html: true });
    }
    for (const amend of record.amends) {
      if (typeof amend === "function") amend(library);
    }
    return { own, state: library.__vigieMarkdown };
  }

  // What the host learns of a config: JSON only.
  function summary(made) {
    const { record } = made;
    const returned = record.returned || {};
    const dir = { ...(returned.dir || {}), ...record.dir };
    const markdown = made.library.unknown
      ? { unknown: made.library.unknown }
      : {
          own: made.library.own,
          options: v.toHost(made.library.state.options),
          plugins: made.library.state.uses.map((use) => ({
            name: use.name,
            options: describeOptions(use.options[0]),
            container: typeof use.options[0] === "string" ? use.options[0] : null,
          })),
        };
    return {
      dir: v.toHost(dir),
      pathPrefix: typeof returned.pathPrefix === "string" ? returned.pathPrefix : record.pathPrefix,
      templateFormats: returned.templateFormats !== undefined ? list(returned.templateFormats) : record.templateFormats,
      addedFormats: record.addedFormats,
      markdownTemplateEngine: v.toHost(returned.markdownTemplateEngine),
      htmlTemplateEngine: v.toHost(returned.htmlTemplateEngine),
      passthrough: record.passthrough,
      layoutAliases: v.toHost(record.layoutAliases),
      markdown,
      plugins: record.plugins.map((p) => ({ name: p.name, options: v.toHost(p.options) })),
      unknownPlugins: record.unknownPlugins,
      unknownPackages: [...v.unknownPackages],
      collections: Object.keys(record.collections),
      filters: Object.keys(record.filters),
      shortcodes: Object.keys(record.shortcodes),
      pairedShortcodes: Object.keys(record.pairedShortcodes),
      globalData: record.globalData.map((g) => g.name),
      dataExtensions: record.dataExtensions.map((d) => d.extension),
      preprocessors: record.preprocessors.map((p) => p.name),
      ignoresAdded: record.ignoresAdded,
      ignoresDeleted: record.ignoresDeleted,
      useGitIgnore: record.useGitIgnore,
      virtualTemplates: record.virtualTemplates.map((t) => ({ path: t.path, permalink: typeof (t.data || {}).permalink === "string" ? t.data.permalink : null })),
      dataFileSuffixes: record.dataFileSuffixes,
      dataFileBaseName: record.dataFileBaseName,
      unmodelled: [...record.unmodelled],
    };
  }
  // A markdown-it plugin's options as the host needs them: `level`, and whether `slugify`
  // is Eleventy's own filter.
  function describeOptions(options) {
    if (!options || typeof options !== "object") return {};
    const out = {};
    if (options.level !== undefined) out.level = v.toHost(options.level);
    if (options.slugify !== undefined) {
      out.slugify = options.slugify && options.slugify.__vigieBuiltin === "slugify" ? "eleventy" : "own";
    }
    if (options.permalink !== undefined) out.permalink = Boolean(options.permalink);
    return out;
  }

  v.builtinSlugify = builtinSlugify;
  v.runConfig = runConfig;
  v.site = null;
  // Entry point: `{ path }` (or `{ path: null }` when there is no config file).
  v.evaluateConfig = async (argument) => {
    const { path } = v.json.parse(argument);
    let made;
    if (path) made = await runConfig(path);
    else {
      made = createConfig();
      made.library = markdownLibrary(made.record, made.config);
    }
    v.site = made;
    return v.json.stringify(summary(made));
  };
})();
