use super::*;

fn engine(files: &[(&str, &str)]) -> Engine {
    let files = Files {
        texts: files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), Arc::from(*text)))
            .collect(),
        paths: files.iter().map(|(path, _)| (*path).to_owned()).collect(),
    };
    let host = Host {
        files,
        slugify: Some(Box::new(|s| s.to_lowercase().replace(' ', "-"))),
        version: 3,
    };
    let limits = Limits {
        time: Duration::from_millis(300),
        budget: Duration::from_secs(1),
        memory: 32 << 20,
        answers: 1 << 20,
    };
    Engine::new(host, limits, Model::Site).unwrap()
}

fn config(files: &[(&str, &str)], name: &str) -> Result<serde_json::Value, Failure> {
    engine(files).call("evaluateConfig", &serde_json::json!({ "path": name }))
}

#[test]
fn runs_a_commonjs_config_with_required_site_files() {
    let summary = config(
        &[
            (
                ".eleventy.js",
                r#"const dirs = require("./dirs");
                module.exports = function (c) {
                  c.addLayoutAlias("post", "layouts/post.njk");
                  c.addPassthroughCopy({ img: "images" });
                  return { dir: dirs };
                };"#,
            ),
            ("dirs.json", r#"{ "input": "src", "output": "public" }"#),
        ],
        ".eleventy.js",
    )
    .unwrap();
    assert_eq!(summary["dir"]["input"], "src");
    assert_eq!(summary["layoutAliases"]["post"], "layouts/post.njk");
    assert_eq!(summary["passthrough"][0]["to"], "images");
}

#[test]
fn runs_an_async_esm_config_with_official_plugins() {
    let summary = config(
        &[
            ("package.json", r#"{ "type": "module" }"#),
            (
                "eleventy.config.js",
                r#"import { IdAttributePlugin, InputPathToUrlTransformPlugin } from "@11ty/eleventy";
                import markdownIt from "markdown-it";
                import anchor from "markdown-it-anchor";
                import { DateTime } from "luxon";
                export default async function (c) {
                  c.addPlugin(IdAttributePlugin);
                  c.addPlugin(InputPathToUrlTransformPlugin);
                  c.setLibrary("md", markdownIt({ linkify: true }).use(anchor, { level: 2, slugify: c.getFilter("slugify") }));
                  c.addFilter("year", () => DateTime.now().year);
                };
                export const config = { dir: { input: "content" } };"#,
            ),
        ],
        "eleventy.config.js",
    )
    .unwrap();
    assert_eq!(summary["dir"]["input"], "content");
    let plugins: Vec<&str> = summary["plugins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        plugins,
        ["IdAttributePlugin", "InputPathToUrlTransformPlugin"]
    );
    assert_eq!(summary["markdown"]["options"]["linkify"], true);
    assert_eq!(
        summary["markdown"]["plugins"][0]["options"]["slugify"],
        "eleventy"
    );
    assert_eq!(summary["unknownPackages"][0], "luxon");
}

#[test]
fn an_endless_loop_is_stopped() {
    let failure = config(&[(".eleventy.js", "while (true) {}")], ".eleventy.js").unwrap_err();
    assert!(matches!(failure, Failure::TimedOut(_)), "{failure:?}");
}

#[test]
fn a_huge_allocation_is_stopped() {
    let failure = config(
        &[(
            ".eleventy.js",
            "const a = []; for (;;) a.push(new Array(1e6).fill(1));",
        )],
        ".eleventy.js",
    )
    .unwrap_err();
    assert!(matches!(failure, Failure::OutOfMemory(_)), "{failure:?}");
}

#[test]
fn the_sandbox_has_no_environment_and_no_file_outside_the_site() {
    let summary = config(
        &[(
            ".eleventy.js",
            r#"const fs = require("fs");
            let outside = "none";
            try { outside = fs.readFileSync("/etc/passwd", "utf8"); } catch (e) { outside = e.code; }
            module.exports = () => ({ dir: { input: outside, output: String(process.env.HOME), data: process.env.ELEVENTY_RUN_MODE } });"#,
        )],
        ".eleventy.js",
    )
    .unwrap();
    assert_eq!(summary["dir"]["input"], "ENOENT");
    assert_eq!(summary["dir"]["output"], "undefined");
    assert_eq!(summary["dir"]["data"], "build");
}

#[test]
fn a_throwing_config_says_where() {
    let failure = config(
        &[(
            ".eleventy.js",
            "module.exports = () => { throw new Error(\"boom\"); };",
        )],
        ".eleventy.js",
    )
    .unwrap_err();
    let Failure::Thrown(message) = failure else {
        panic!("{failure:?}");
    };
    assert!(message.contains("boom"), "{message}");
}

#[test]
fn an_endless_promise_chain_is_stopped() {
    let failure = config(
        &[(
            ".eleventy.js",
            "const f = async () => { await null; return f(); };\nmodule.exports = f;",
        )],
        ".eleventy.js",
    )
    .unwrap_err();
    // QuickJS gives up on the chain (its job fails) before the time or memory runs out:
    // what matters is that it ends, as a failure.
    assert!(
        matches!(
            failure,
            Failure::TimedOut(_) | Failure::OutOfMemory(_) | Failure::Thrown(_)
        ),
        "{failure:?}"
    );
}

#[test]
fn endless_recursion_is_a_clear_failure() {
    let failure = config(
        &[(
            ".eleventy.js",
            "const f = (n) => f(n + 1) + 1;\nmodule.exports = () => f(0);",
        )],
        ".eleventy.js",
    )
    .unwrap_err();
    let Failure::Thrown(message) = failure else {
        panic!("{failure:?}");
    };
    assert!(message.contains("call stack"), "{message}");
}

#[test]
fn a_promise_that_never_settles_is_a_failure() {
    let failure = config(
        &[(
            ".eleventy.js",
            "module.exports = () => new Promise(() => {});",
        )],
        ".eleventy.js",
    )
    .unwrap_err();
    let Failure::Thrown(message) = failure else {
        panic!("{failure:?}");
    };
    assert!(message.contains("never settles"), "{message}");
}

#[test]
fn a_commonjs_config_may_export_its_directories_as_config() {
    let summary = config(
        &[(
            "eleventy.config.cjs",
            "module.exports = async function (c) {};\nmodule.exports.config = { dir: { input: \"views\" } };",
        )],
        "eleventy.config.cjs",
    )
    .unwrap();
    assert_eq!(summary["dir"]["input"], "views");
}

#[test]
fn the_engine_stops_once_its_time_is_spent() {
    let engine = engine(&[("_data/a.js", "module.exports = () => { for (;;) {} };")]);
    engine
        .call("evaluateConfig", &serde_json::json!({ "path": null }))
        .unwrap();
    let load = || engine.call("loadDataFile", &serde_json::json!({ "path": "_data/a.js" }));
    // 300 ms a call, 1 s in all: three calls time out, the fourth is not run.
    for _ in 0..3 {
        assert!(matches!(load(), Err(Failure::TimedOut(_))));
    }
    let started = Instant::now();
    assert!(matches!(
        load(),
        Err(Failure::TimedOut(_)) | Err(Failure::OverBudget(_))
    ));
    assert!(matches!(load(), Err(Failure::OverBudget(_))));
    assert!(started.elapsed() < Duration::from_millis(400));
}

#[test]
fn an_answer_too_heavy_is_refused() {
    let engine = engine(&[(
        "_data/big.js",
        "module.exports = { get text() { return 'x'.repeat(2e6); } };",
    )]);
    engine
        .call("evaluateConfig", &serde_json::json!({ "path": null }))
        .unwrap();
    let failure = engine
        .call(
            "loadDataFile",
            &serde_json::json!({ "path": "_data/big.js" }),
        )
        .unwrap_err();
    assert!(matches!(failure, Failure::OverBudget(_)), "{failure:?}");
}

#[test]
fn a_site_error_saying_out_of_memory_is_only_an_error() {
    let failure = config(
        &[(
            ".eleventy.js",
            "module.exports = () => { throw new Error('out of memory, interrupted'); };",
        )],
        ".eleventy.js",
    )
    .unwrap_err();
    assert!(matches!(failure, Failure::Thrown(_)), "{failure:?}");
}

#[test]
fn a_config_may_read_the_site_s_text_files() {
    let summary = config(
        &[
            (
                ".eleventy.js",
                "const dirs = require('fs').readFileSync(__dirname + '/dirs.yaml', 'utf8');\nmodule.exports = () => ({ dir: { input: dirs.split(': ')[1].trim() } });",
            ),
            ("dirs.yaml", "input: content\n"),
        ],
        ".eleventy.js",
    )
    .unwrap();
    assert_eq!(summary["dir"]["input"], "content");
}

#[test]
fn a_plugin_may_call_methods_vigie_does_not_model() {
    let summary = config(
        &[(
            ".eleventy.js",
            "const plugin = (c) => { c.addSomethingNew('x').addLayoutAlias('post', 'post.njk'); };\nmodule.exports = (c) => { c.addPlugin(plugin); c.addFilter('f', (x) => x).setBrandNewOption(true); };",
        )],
        ".eleventy.js",
    )
    .unwrap();
    assert_eq!(summary["layoutAliases"]["post"], "post.njk");
    let unmodelled: Vec<&str> = summary["unmodelled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert_eq!(unmodelled, ["addSomethingNew", "setBrandNewOption"]);
}

#[test]
fn an_es_module_knows_its_own_url() {
    let summary = config(
        &[
            ("package.json", r#"{ "type": "module" }"#),
            (
                "eleventy.config.js",
                "import { fileURLToPath } from \"node:url\";\nimport path from \"node:path\";\nconst here = path.dirname(fileURLToPath(import.meta.url));\nexport default () => ({ dir: { input: path.relative(process.cwd(), path.join(here, \"content\")) } });",
            ),
        ],
        "eleventy.config.js",
    )
    .unwrap();
    assert_eq!(summary["dir"]["input"], "content");
}
