//! `declutter`: the core on the command line, for inspecting pages and evaluating the classifier.

use clap::{Parser, Subcommand, ValueEnum};
use declutter::eval::{self, LabelCounts};
use declutter::{analyze, Options};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
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
    /// Main-text F1 over a corpus folder (`<page>/source.html` + `ground-truth.json`), and
    /// per-label precision/recall when a labels file is given.
    Eval {
        corpus: PathBuf,
        /// Hand labels: `{"<page>": [{"selector": "...", "label": "..."}]}`.
        #[arg(long)]
        labels: Option<PathBuf>,
        /// Exit non-zero when main-text F1 falls below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Exit non-zero when the F1 of the text the reader view shows falls below this.
        #[arg(long)]
        min_reader_f1: Option<f64>,
        /// Print every page's score.
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
    let bytes = if file == "-" {
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

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Classify { file, url, explain } => {
            let html = read_input(&file)?;
            let analysis = analyze(
                &html,
                &Options {
                    url,
                    ..Default::default()
                },
            )
            .map_err(|e| e.to_string())?;
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
                        v["reasons"] = serde_json::json!(b.reasons);
                        v["features"] = serde_json::json!(b.features);
                    }
                    v
                })
                .collect();
            emit(&to_json(&blocks)?)?;
        }
        Command::Extract { file, url, format } => {
            let html = read_input(&file)?;
            let a = analyze(
                &html,
                &Options {
                    url,
                    ..Default::default()
                },
            )
            .map_err(|e| e.to_string())?
            .article;
            match format {
                Format::Json => emit(&to_json(&serde_json::json!({
                    "title": a.title,
                    "byline": a.byline,
                    "published": a.published,
                    "site_name": a.site_name,
                    "lang": a.lang,
                    "text": a.text,
                    "html": a.html,
                }))?)?,
                Format::Text => emit(&a.text)?,
                Format::Html => emit(&a.html)?,
            }
        }
        Command::Eval {
            corpus,
            labels,
            min_f1,
            min_reader_f1,
            verbose,
        } => {
            let gates = Gates {
                main_text: min_f1,
                reader_view: min_reader_f1,
            };
            return evaluate(&corpus, labels.as_deref(), gates, verbose);
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Deserialize)]
struct Truth {
    #[serde(rename = "articleBody")]
    article_body: String,
}

#[derive(serde::Deserialize)]
struct HandLabel {
    selector: String,
    label: String,
}

/// The F1 figures below which `eval` fails (the CI gate).
struct Gates {
    main_text: Option<f64>,
    reader_view: Option<f64>,
}

fn evaluate(
    corpus: &Path,
    labels: Option<&Path>,
    gates: Gates,
    verbose: bool,
) -> Result<ExitCode, String> {
    let truth_path = corpus.join("ground-truth.json");
    let truth: BTreeMap<String, Truth> = serde_json::from_str(
        &std::fs::read_to_string(&truth_path)
            .map_err(|e| format!("cannot read {}: {e}", truth_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let hand: BTreeMap<String, Vec<HandLabel>> = match labels {
        Some(p) => serde_json::from_str(
            &std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?,
        )
        .map_err(|e| format!("{}: {e}", p.display()))?,
        None => BTreeMap::new(),
    };

    let mut scores = Vec::new();
    let mut shown_scores = Vec::new();
    let mut label_counts: HashMap<String, LabelCounts> = HashMap::new();
    for (page, t) in &truth {
        let source = corpus.join(page).join("source.html");
        let html = read_input(source.to_str().unwrap_or_default())?;
        let analysis = analyze(&html, &Options::default()).map_err(|e| format!("{page}: {e}"))?;
        let score = eval::score_page(&analysis.article.text, &t.article_body);
        if verbose {
            println!(
                "{page:<45} P {:.3}  R {:.3}  F1 {:.3}",
                score.precision,
                score.recall,
                score.f1()
            );
        }
        scores.push(score);
        shown_scores.push(eval::score_page(
            &eval::shown_text(&analysis.article.content),
            &t.article_body,
        ));
        if let Some(marks) = hand.get(page) {
            count_hand_labels(
                &html,
                &analysis,
                marks,
                &t.article_body,
                &mut label_counts,
                page,
            )?;
        }
    }
    let total = eval::score_corpus(&scores);
    println!(
        "main text over {} pages: precision {:.4}  recall {:.4}  F1 {:.4}",
        total.pages, total.precision, total.recall, total.f1
    );
    let shown = eval::score_corpus(&shown_scores);
    println!(
        "reader view over {} pages: precision {:.4}  recall {:.4}  F1 {:.4}",
        shown.pages, shown.precision, shown.recall, shown.f1
    );
    if !hand.is_empty() {
        println!(
            "per label over {} hand-labelled pages (blocks):",
            hand.len()
        );
        let mut names: Vec<_> = label_counts.keys().cloned().collect();
        names.sort();
        for name in names {
            let c = label_counts[&name];
            println!(
                "  {name:<13} precision {:.3}  recall {:.3}  (expected {}, predicted {}, agreed {})",
                c.precision(),
                c.recall(),
                c.expected,
                c.predicted,
                c.true_positive
            );
        }
    }
    let mut passed = true;
    for (name, f1, gate) in [
        ("main-text", total.f1, gates.main_text),
        ("reader-view", shown.f1, gates.reader_view),
    ] {
        if let Some(min) = gate.filter(|&min| f1 < min) {
            eprintln!("declutter: {name} F1 {f1:.4} is below the gate {min:.4}");
            passed = false;
        }
    }
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Truth for a block: the hand label of the innermost labelled element around it; else
/// `article` when its text is part of the expected story, else `other`.
fn count_hand_labels(
    html: &str,
    analysis: &declutter::Analysis,
    marks: &[HandLabel],
    expected_text: &str,
    counts: &mut HashMap<String, LabelCounts>,
    page: &str,
) -> Result<(), String> {
    let parsed = scraper::Html::parse_document(html);
    let mut marked = HashMap::new();
    for m in marks {
        let selector = scraper::Selector::parse(&m.selector)
            .map_err(|e| format!("{page}: bad selector {}: {e:?}", m.selector))?;
        let mut found = parsed.select(&selector).peekable();
        if found.peek().is_none() {
            return Err(format!("{page}: selector matches nothing: {}", m.selector));
        }
        for el in found {
            marked.insert(el.id(), m.label.clone());
        }
    }
    let expected_words: std::collections::HashSet<&str> =
        eval::words(expected_text).into_iter().collect();
    for b in &analysis.blocks {
        if b.kind != declutter::segment::BlockKind::Text {
            continue;
        }
        let block_sel = scraper::Selector::parse(&b.selector).map_err(|e| format!("{e:?}"))?;
        let Some(el) = parsed.select(&block_sel).next() else {
            continue;
        };
        let truth = std::iter::once(*el)
            .chain(el.ancestors())
            .find_map(|n| marked.get(&n.id()).cloned())
            .unwrap_or_else(|| {
                let w = eval::words(&b.text);
                let inside = w.iter().filter(|x| expected_words.contains(*x)).count();
                if !w.is_empty() && inside * 10 >= w.len() * 9 {
                    "article".to_string()
                } else {
                    "other".to_string()
                }
            });
        eval::count_label(counts, &truth, b.label.as_str());
    }
    Ok(())
}
