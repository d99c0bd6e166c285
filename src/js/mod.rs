//! The sandboxed JavaScript engine (QuickJS, through rquickjs) that runs the site's own
//! JavaScript — its Eleventy config, data files, computed data, permalinks — against
//! vigie's model of Eleventy, written in JavaScript beside this file. The engine sees only
//! the files it is given (no disk, no network, no environment but what Eleventy sets), and
//! each call has a time and a memory limit: a loop without end is a `Failure`, never a hang.
//!
//! May import `source`.

mod loader;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rquickjs::{CatchResultExt, CaughtError, Context, Function, Object, Promise, Runtime, Value};

use crate::source::Inputs;

/// How long one call may run, how long all of an engine's calls may run together, how
/// much memory the engine may hold, and how much its answers may weigh (they are copied out
/// of the engine, where its memory limit does not reach).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub time: Duration,
    pub budget: Duration,
    pub memory: usize,
    pub answers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_millis(500),
            budget: Duration::from_secs(20),
            memory: 256 << 20,
            answers: 64 << 20,
        }
    }
}

/// Why a call gave no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The JavaScript threw (or a promise rejected): its message, with the place when known.
    Thrown(String),
    /// The call ran past its time limit.
    TimedOut(Duration),
    /// The engine ran out of the memory it may use.
    OutOfMemory(usize),
    /// Not run: the engine's calls already took the time (`Limits::budget`) or gave the
    /// answers (`Limits::answers`) it may.
    OverBudget(String),
    /// The engine itself could not start or answer (a bug of vigie's, not the site's).
    Engine(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Thrown(message) => write!(f, "{message}"),
            Failure::TimedOut(limit) => write!(f, "still running after {} ms", limit.as_millis()),
            Failure::OutOfMemory(limit) => {
                write!(f, "used more than the {} MiB it may", limit >> 20)
            }
            Failure::OverBudget(what) => write!(f, "not run: {what}"),
            Failure::Engine(why) => write!(f, "the JavaScript engine failed: {why}"),
        }
    }
}

/// The site's script and data files the engine may read, by path relative to the root,
/// and every path of the tree (for `fs.readdirSync`).
#[derive(Debug, Default, Clone)]
pub struct Files {
    pub texts: BTreeMap<String, Arc<str>>,
    pub paths: Vec<String>,
}

impl Files {
    /// The texts of the site's JavaScript and JSON files (outside `node_modules`).
    pub fn of(inputs: &Inputs) -> Files {
        let mut texts = BTreeMap::new();
        let mut paths = Vec::new();
        for path in inputs.paths() {
            paths.push(path.to_owned());
            if readable(path)
                && let Some(text) = inputs.text(path)
            {
                texts.insert(path.to_owned(), Arc::from(text.as_ref()));
            }
        }
        Files { texts, paths }
    }
}

/// Whether the engine may need the file at `path`: what `require` and `import` load, and
/// the data files configs read with `fs` (YAML, TOML, CSV, text). Not templates, styles or
/// images: the engine never needs their text, and reading them would cost every check.
pub fn readable(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    !path.starts_with("node_modules/")
        && name != "package-lock.json"
        && [
            "js", "cjs", "mjs", "json", "yaml", "yml", "toml", "csv", "txt",
        ]
        .contains(&extension)
}

/// Eleventy's `slugify` filter, lent by the host.
pub type Slugify = Box<dyn Fn(&str) -> String>;

/// How `failure` marks QuickJS's own out-of-memory error for `call_within`.
const OUT_OF_MEMORY: &str = "\u{0}out of memory";

/// What the host lends the engine.
pub struct Host {
    pub files: Files,
    /// Eleventy's `slugify` filter, as the site's Eleventy version has it (none: its
    /// values are unknown).
    pub slugify: Option<Slugify>,
    /// Eleventy's major version (1–3): what `process.env` and the data cascade look like.
    pub version: u8,
}

/// One engine: a QuickJS runtime holding vigie's Eleventy model and what the site's
/// JavaScript made of it. Not `Send`: it lives on the thread that made it.
pub struct Engine {
    // Field order matters: the context must go before its runtime.
    context: Context,
    _runtime: Runtime,
    deadline: Rc<Cell<Option<Instant>>>,
    limits: Limits,
    /// The time the current call may take.
    allowed: Cell<Duration>,
    /// What all calls took, and the bytes of all answers.
    spent: Cell<Duration>,
    answered: Cell<usize>,
}

/// What the engine is for: running the config only, or the site's data too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    Config,
    Site,
}

/// vigie's Eleventy, in the order the files build on each other; the config needs the
/// first three.
const MODEL: [(&str, &str); 5] = [
    ("vigie:runtime.js", include_str!("runtime.js")),
    ("vigie:packages.js", include_str!("packages.js")),
    ("vigie:config.js", include_str!("config.js")),
    ("vigie:template.js", include_str!("template.js")),
    ("vigie:data.js", include_str!("data.js")),
];
const SEAL: (&str, &str) = ("vigie:seal.js", include_str!("seal.js"));

impl Engine {
    pub fn new(host: Host, limits: Limits, model: Model) -> Result<Engine, Failure> {
        let engine_error = |e: rquickjs::Error| Failure::Engine(e.to_string());
        let runtime = Runtime::new().map_err(engine_error)?;
        runtime.set_memory_limit(limits.memory);
        runtime.set_max_stack_size(1 << 20);
        let deadline: Rc<Cell<Option<Instant>>> = Rc::default();
        let watched = deadline.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || {
            watched.get().is_some_and(|d| Instant::now() > d)
        })));
        let files = Rc::new(host.files);
        let (resolver, loader) = loader::pair(files.clone());
        runtime.set_loader(resolver, loader);
        let context = Context::full(&runtime).map_err(engine_error)?;
        let engine = Engine {
            context,
            _runtime: runtime,
            deadline,
            limits,
            allowed: Cell::new(limits.time),
            spent: Cell::new(Duration::ZERO),
            answered: Cell::new(0),
        };
        let slugify = host.slugify.map(Rc::new);
        engine
            .context
            .with(|ctx| -> rquickjs::Result<()> {
                let object = Object::new(ctx.clone())?;
                let read = files.clone();
                object.set(
                    "read",
                    Function::new(ctx.clone(), move |path: String| {
                        read.texts.get(&path).map(|text| text.to_string())
                    })?,
                )?;
                let listed = files.clone();
                object.set(
                    "list",
                    Function::new(ctx.clone(), move |dir: String| list(&listed.paths, &dir))?,
                )?;
                if let Some(slugify) = slugify {
                    object.set(
                        "slugify",
                        Function::new(ctx.clone(), move |text: String| slugify(&text))?,
                    )?;
                }
                object.set("version", host.version)?;
                // Runs a site file's code under its own name, so that errors say where.
                object.set("script", Function::new(ctx.clone(), run_script)?)?;
                ctx.globals().set("__host", object)?;
                Ok(())
            })
            .map_err(|e| Failure::Engine(format!("the host functions: {e}")))?;
        let parts = if model == Model::Config {
            3
        } else {
            MODEL.len()
        };
        for (name, source) in MODEL.iter().take(parts).copied().chain([SEAL]) {
            engine.context.with(|ctx| {
                ctx.eval_with_options::<(), _>(source, script_options(name))
                    .catch(&ctx)
                    .map_err(|caught| Failure::Engine(format!("{name} did not load: {caught}")))
            })?;
        }
        Ok(engine)
    }

    /// Calls `__vigie[function](argument)` and waits for the value (a promise is driven
    /// to its end), as JSON.
    pub fn call(
        &self,
        function: &str,
        argument: &serde_json::Value,
    ) -> Result<serde_json::Value, Failure> {
        self.call_within(function, argument, self.limits.time)
    }

    /// `call`, with its own time limit (a call over every page of a site needs more).
    /// The bounds this engine runs the site's code within.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    pub fn call_within(
        &self,
        function: &str,
        argument: &serde_json::Value,
        time: Duration,
    ) -> Result<serde_json::Value, Failure> {
        let left = self.limits.budget.saturating_sub(self.spent.get());
        if left.is_zero() {
            return Err(Failure::OverBudget(format!(
                "the site's JavaScript already ran for the {} s vigie gives it",
                self.limits.budget.as_secs()
            )));
        }
        let time = time.min(left);
        let started = Instant::now();
        self.deadline.set(Some(started + time));
        self.allowed.set(time);
        let room = self.limits.answers.saturating_sub(self.answered.get());
        let result = self.context.with(|ctx| {
            let run = || -> rquickjs::Result<Result<String, Failure>> {
                let model: Object = ctx.globals().get("__vigie")?;
                let f: Function = model.get(function)?;
                let value: Value = f.call((argument.to_string(),))?;
                let value = match value.clone().into_promise() {
                    Some(promise) => settle(&promise)?,
                    None => value,
                };
                // Measured before it is copied out of the engine.
                let length: Function = model.get("lengthOf")?;
                let bytes: f64 = length.call((value.clone(),))?;
                if bytes > room as f64 {
                    return Ok(Err(Failure::OverBudget(format!(
                        "its values weigh more than the {} MiB vigie takes from JavaScript",
                        self.limits.answers >> 20
                    ))));
                }
                Ok(Ok(value.get()?))
            };
            match run().catch(&ctx) {
                Ok(answer) => answer,
                Err(caught) => Err(self.failure(caught)),
            }
        });
        self.deadline.set(None);
        self.spent.set(self.spent.get() + started.elapsed());
        // QuickJS's own "out of memory" (an InternalError, which the site's code cannot
        // make) ends the call; the engine stays usable, its memory given back.
        let result = result.map_err(|failure| match failure {
            Failure::Thrown(message) if message.starts_with(OUT_OF_MEMORY) => {
                Failure::OutOfMemory(self.limits.memory)
            }
            other => other,
        });
        let text = result?;
        self.answered.set(self.answered.get() + text.len());
        serde_json::from_str(&text).map_err(|e| Failure::Engine(format!("bad answer: {e}")))
    }

    fn failure(&self, caught: CaughtError<'_>) -> Failure {
        let late = self.deadline.get().is_some_and(|d| Instant::now() > d);
        let message = match &caught {
            CaughtError::Exception(exception) => {
                let message = exception.message().unwrap_or_default();
                let name: Option<String> = exception.get("name").ok();
                if name.as_deref() == Some("InternalError") && message == "out of memory" {
                    return Failure::Thrown(OUT_OF_MEMORY.to_owned());
                }
                let place = exception.stack().and_then(|stack| first_site_frame(&stack));
                match place {
                    Some(place) => format!("{message} (at {place})"),
                    None => message,
                }
            }
            CaughtError::Value(value) => match value.as_string().and_then(|s| s.to_string().ok()) {
                Some(text) => text,
                None if value.is_null() || value.is_undefined() => {
                    "a promise job failed without saying why (an endless chain of promises?)"
                        .to_owned()
                }
                None => format!("it threw {}", value.type_name()),
            },
            CaughtError::Error(rquickjs::Error::WouldBlock) => {
                "a promise never settles (it waits on something vigie does not run)".into()
            }
            CaughtError::Error(e) => e.to_string(),
        };
        // Only the deadline interrupts, and only the limit runs out of memory: what a message
        // says (the site's code may throw any) does not decide.
        if late {
            return Failure::TimedOut(self.allowed.get());
        }
        Failure::Thrown(message)
    }
}

fn run_script<'js>(
    ctx: rquickjs::Ctx<'js>,
    source: String,
    name: String,
) -> rquickjs::Result<Value<'js>> {
    ctx.eval_with_options::<Value, _>(source, script_options(&name))
}

/// Drives the job queue until `promise` settles.
fn settle<'js>(promise: &Promise<'js>) -> rquickjs::Result<Value<'js>> {
    promise.finish::<Value>()
}

fn script_options(name: &str) -> rquickjs::context::EvalOptions {
    let mut options = rquickjs::context::EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(name.to_owned());
    options
}

/// `at file:line` of the first frame in the site's own files (`/site/…`).
fn first_site_frame(stack: &str) -> Option<String> {
    stack.lines().find_map(|line| {
        let at = line.trim().strip_prefix("at ")?;
        let place = at
            .rsplit_once('(')
            .map_or(at, |(_, p)| p.trim_end_matches(')'));
        let rel = place.strip_prefix(loader::ROOT)?.strip_prefix('/')?;
        Some(rel.to_owned())
    })
}

/// The entries of folder `dir` (relative to the root) as JSON: `[{ name, dir }]`.
fn list(paths: &[String], dir: &str) -> String {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{}/", dir.trim_end_matches('/'))
    };
    let mut entries: BTreeMap<&str, bool> = BTreeMap::new();
    for path in paths {
        let Some(rest) = path.strip_prefix(&prefix) else {
            continue;
        };
        match rest.split_once('/') {
            Some((folder, _)) => entries.insert(folder, true),
            None => entries.insert(rest, false),
        };
    }
    let list: Vec<serde_json::Value> = entries
        .into_iter()
        .map(|(name, dir)| serde_json::json!({ "name": name, "dir": dir }))
        .collect();
    serde_json::Value::from(list).to_string()
}

#[cfg(test)]
mod tests;
