//! `declutter`: the core on the command line, for inspecting pages and evaluating the classifier.

mod eval;
mod evaluate;

use clap::{Parser, Subcommand, ValueEnum};
use declutter::{analyze, Options};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "declutter",
    version,
    about = "Label the blocks of a news page and extract its story"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every block of the page with its label, as a JSON array in document order.
    Classify {
        /// HTML file, or `-` for stdin.
        file: String,
        /// The page's address, for resolving relative links.
        #[arg(long)]
        url: Option<String>,
        /// Include the features and reasons behind each label.
        #[arg(long)]
        explain: bool,
    },
    /// Print the story: metadata, text and sanitized reader HTML.
    Extract {
        file: String,
        #[arg(long)]
        url: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Quality over corpus folders (`<page>/source.html[.gz]` + `ground-truth.json`): main-text
    /// F1, the story text de-clutter hides, what the gate decides, per page type; per-label
    /// precision/recall when hand labels are given.
    Eval {
        #[arg(required = true)]
        corpora: Vec<PathBuf>,
        /// Hand labels: `{"<page>": [{"selector": "...", "label": "..."}]}` (repeatable).
        #[arg(long)]
        labels: Vec<PathBuf>,
        /// Bounds on the figures, `{"<figure>": {"min": x} | {"max": x}}`: exit non-zero when
        /// one is crossed (the CI gate).
        #[arg(long)]
        gates: Option<PathBuf>,
        /// Write every figure as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Append one JSON line per page (scores and the gate's signals) to this file, for
        /// offline analysis (`tests/eval/fit_gate.py`).
        #[arg(long)]
        dump: Option<PathBuf>,
        /// Write one JSON line per hand-labelled text block (its truth, our label, the rule that
        /// decided it and its features) to this file, for offline fitting
        /// (`tests/eval/fit_labels.py`).
        #[arg(long)]
        blocks: Option<PathBuf>,
        /// Print every page's score, what hides its main text, and the blocks labelled
        /// otherwise than by hand.
        #[arg(long)]
        verbose: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Text,
    Html,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("declutter: {message}");
            ExitCode::from(2)
        }
    }
}

fn read_input(file: &str) -> Result<String, String> {
    let bytes = if file.ends_with(".gz") {
        let f = std::fs::File::open(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let mut buf = Vec::new();
        flate2::read::GzDecoder::new(f)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read {file}: {e}"))?;
        buf
    } else if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?
    };
    // Pages in the wild carry stray invalid bytes; a reader would rather see U+FFFD than nothing.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Prints a result; a reader that stopped reading (`| head`) is not an error.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write: {e}")),
        _ => Ok(()),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}

/// Reads a page (a file, or `-` for stdin) and runs the core on it.
fn analyze_file(file: &str, url: Option<String>) -> Result<declutter::Analysis, String> {
    let html = read_input(file)?;
    let options = Options {
        url,
        ..Default::default()
    };
    analyze(&html, &options).map_err(|e| e.to_string())
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Classify { file, url, explain } => {
            let analysis = analyze_file(&file, url)?;
            let blocks: Vec<serde_json::Value> = analysis
                .blocks
                .iter()
                .map(|b| {
                    let mut v = serde_json::json!({
                        "label": b.label,
                        "score": b.score,
                        "text": b.text,
                        "selector": b.selector,
                        "kind": b.kind,
                    });
                    if explain {
                        v["reason"] = serde_json::json!(b.reason);
                        v["features"] = serde_json::json!(b.features);
                    }
                    v
                })
                .collect();
            emit(&to_json(&blocks)?)?;
        }
        Command::Extract { file, url, format } => {
            let analysis = analyze_file(&file, url)?;
            let page = analysis.page;
            let meta = analysis.article.meta;
            match format {
                Format::Json => emit(&to_json(&serde_json::json!({
                    "story_page": page.story,
                    "gate": page,
                    "title": meta.title,
                    "byline": meta.byline,
                    "published": meta.published,
                    "site_name": meta.site_name,
                    "lang": meta.lang,
                    "text": analysis.article.text,
                    "html": analysis.document,
                }))?)?,
                Format::Text => emit(&analysis.article.text)?,
                Format::Html => emit(&analysis.document)?,
            }
        }
        Command::Eval {
            corpora,
            labels,
            gates,
            json,
            dump,
            blocks,
            verbose,
        } => {
            return evaluate::run(&evaluate::Request {
                corpora: &corpora,
                labels: &labels,
                gates: gates.as_deref(),
                json: json.as_deref(),
                dump: dump.as_deref(),
                blocks: blocks.as_deref(),
                verbose,
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
