//! The `vigie` binary: parse arguments, run, map the outcome to an exit code
//! (0 clean, 1 errors found, 2 vigie could not do its job).

use std::process::ExitCode;

use clap::Parser;
use vigie::cli::{self, Args, Outcome};

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut stdout = std::io::stdout().lock();
    match cli::run(args, &mut stdout) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Errors) => ExitCode::from(1),
        Err(error) => {
            report_error(error);
            ExitCode::from(2)
        }
    }
}

#[allow(clippy::print_stderr)]
fn report_error(error: vigie::Error) {
    eprintln!("{:?}", miette::Report::new(error));
}

// glibc's allocator keeps per-thread arenas that the parallel extraction fragments, and its
// malloc and free are a fifth of a large check: mimalloc is faster and returns more. It is
// built without transparent huge pages (Cargo.toml says why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
