//! Measuring the extractor: main-text F1 against expected texts, and per-label precision and
//! recall against hand labels.
//!
//! Main-text F1: texts are split into `\w+` words, taken as word 4-gram shingles with counts;
//! per page, true positives are the shared shingles, false positives and negatives the rest;
//! precision and recall are averaged over pages and F1 is their harmonic mean.

use declutter::dom::{push_collapsed, Doc, Kind};
use declutter::tags;
use declutter::{limits, segment, Error, Limits};
use std::collections::HashMap;

const SHINGLE: usize = 4;

pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, u32> {
    let w = words(text);
    let mut out = HashMap::new();
    if w.is_empty() {
        return out;
    }
    if w.len() < SHINGLE {
        out.insert(w, 1);
        return out;
    }
    for window in w.windows(SHINGLE) {
        *out.entry(window.to_vec()).or_insert(0) += 1;
    }
    out
}

/// The words a reader document shows, from its HTML: the reader view is scored as well as the
/// extracted text, so markup the reader drops cannot hide behind a good text score.
pub fn shown_text(html: &str) -> String {
    scraper::Html::parse_fragment(html)
        .root_element()
        .text()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text a visitor sees on a page, split by what de-clutter does to it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Visibility {
    /// Text still shown after de-clutter.
    pub kept: String,
    /// Text inside the elements de-clutter hides (each counted once, nested or not).
    pub hidden: String,
}

/// Splits the page's visible text into what stays and what hides under the elements of `hide`
/// (by `element_index`). Text the page hides itself is in neither: a visitor never saw it.
pub fn visibility(html: &str, hide: &[u32], limits: &Limits) -> Result<Visibility, Error> {
    let parsed = limits::parse_document(html, limits)?;
    let doc = Doc::new(&parsed);
    let hide: std::collections::HashSet<u32> = hide.iter().copied().collect();
    let mut out = Visibility::default();
    let mut hidden_until = 0;
    let mut i = 0;
    while i < doc.nodes.len() {
        let into = if i < hidden_until {
            &mut out.hidden
        } else {
            &mut out.kept
        };
        match doc.nodes[i].kind {
            Kind::Text(t) => push_collapsed(into, t),
            Kind::Element(e) => {
                if doc.non_content[i] || segment::is_hidden(&doc, i) {
                    i = doc.nodes[i].end;
                    continue;
                }
                if i >= hidden_until && hide.contains(&doc.nodes[i].element_index) {
                    hidden_until = doc.nodes[i].end;
                }
                if e.name() == "br" || tags::is_block(e.name()) {
                    out.kept.push(' ');
                    out.hidden.push(' ');
                }
            }
        }
        i += 1;
    }
    Ok(out)
}

/// Share of the expected main text that was visible on the page and is hidden by de-clutter:
/// of the expected text's word 4-grams found in the page's visible text, the share no longer
/// found in what stays (counted with multiplicity, so a sentence repeated in a teaser elsewhere
/// does not mask the loss of one copy, nor count as a loss when a copy stays).
pub fn hidden_share(expected: &str, seen: &Visibility) -> f64 {
    let truth = shingles(expected);
    let kept = shingles(&seen.kept);
    let hidden = shingles(&seen.hidden);
    let (mut visible, mut still) = (0u32, 0u32);
    for (k, &c) in &truth {
        let k_kept = kept.get(k).copied().unwrap_or(0);
        let k_hidden = hidden.get(k).copied().unwrap_or(0);
        visible += c.min(k_kept + k_hidden);
        still += c.min(k_kept);
    }
    if visible == 0 {
        0.0
    } else {
        f64::from(visible - still) / f64::from(visible)
    }
}

/// Whether `sentence` appears in `text`, compared as lower-case word sequences (so punctuation,
/// markup spacing and case do not decide it).
pub fn contains_sentence(text: &str, sentence: &str) -> bool {
    let norm = |t: &str| {
        let mut s = String::from(" ");
        for w in words(t) {
            s.push_str(&w.to_lowercase());
            s.push(' ');
        }
        s
    };
    let needle = norm(sentence);
    needle.trim().is_empty() || norm(text).contains(&needle)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    pub precision: f64,
    pub recall: f64,
}

impl PageScore {
    pub fn f1(&self) -> f64 {
        harmonic(self.precision, self.recall)
    }
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Precision and recall of one page. An empty answer to an empty truth is perfect; an empty
/// answer to a real article scores zero.
pub fn score_page(predicted: &str, expected: &str) -> PageScore {
    let pred = shingles(predicted);
    let truth = shingles(expected);
    let pred_total: u32 = pred.values().sum();
    let truth_total: u32 = truth.values().sum();
    if pred_total == 0 && truth_total == 0 {
        return PageScore {
            precision: 1.0,
            recall: 1.0,
        };
    }
    let tp: u32 = pred
        .iter()
        .map(|(k, &c)| c.min(truth.get(k).copied().unwrap_or(0)))
        .sum();
    // Normalising TP, FP and FN to sum 1 leaves these ratios unchanged.
    let ratio = |a: u32, b: u32| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    PageScore {
        precision: ratio(tp, pred_total),
        recall: ratio(tp, truth_total),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CorpusScore {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

pub fn score_corpus(pages: &[PageScore]) -> CorpusScore {
    let n = pages.len().max(1) as f64;
    let precision = pages.iter().map(|p| p.precision).sum::<f64>() / n;
    let recall = pages.iter().map(|p| p.recall).sum::<f64>() / n;
    CorpusScore {
        pages: pages.len(),
        precision,
        recall,
        f1: harmonic(precision, recall),
    }
}

/// Counts for one label: how often it was given, expected, and both.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct LabelCounts {
    pub true_positive: u32,
    pub predicted: u32,
    pub expected: u32,
    /// Blocks expected with this label that de-clutter hides in place.
    pub hidden: u32,
}

impl LabelCounts {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.true_positive as f64 / self.predicted as f64
        }
    }

    /// Share of the blocks expected with this label that de-clutter hides in place.
    pub fn hidden_share(&self) -> f64 {
        if self.expected == 0 {
            0.0
        } else {
            self.hidden as f64 / self.expected as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            0.0
        } else {
            self.true_positive as f64 / self.expected as f64
        }
    }
}

/// Adds one (expected, predicted) pair of labels to the per-label counts.
pub fn count_label(counts: &mut HashMap<String, LabelCounts>, expected: &str, predicted: &str) {
    counts.entry(expected.to_string()).or_default().expected += 1;
    let p = counts.entry(predicted.to_string()).or_default();
    p.predicted += 1;
    if expected == predicted {
        p.true_positive += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let s = score_page("one two three four five", "one two three four five");
        assert_eq!((s.precision, s.recall), (1.0, 1.0));
    }

    #[test]
    fn extra_text_lowers_precision_only() {
        let s = score_page("a b c d e f g h", "a b c d e");
        assert_eq!(s.recall, 1.0);
        assert!((s.precision - 2.0 / 5.0).abs() < 1e-9);
    }

    #[test]
    fn an_empty_answer_to_a_real_article_scores_zero() {
        assert_eq!(score_page("", "a b c d e").f1(), 0.0);
        assert_eq!(score_page("", "").f1(), 1.0);
    }

    #[test]
    fn words_are_unicode_word_runs() {
        assert_eq!(
            words("L'été, c'est—fini! 2024"),
            vec!["L", "été", "c", "est", "fini", "2024"]
        );
    }

    #[test]
    fn hidden_share_counts_expected_text_under_hidden_elements_once() {
        let html = "<body><p>one two three four five six</p>\
                    <div id=x><p>seven eight nine ten eleven</p><p hidden>twelve</p></div></body>";
        // html=0 head=1 body=2 p=3 div=4
        let seen = visibility(html, &[4], &Limits::default()).unwrap();
        assert_eq!(seen.kept.trim(), "one two three four five six");
        assert_eq!(seen.hidden.trim(), "seven eight nine ten eleven");
        let expected = "one two three four five six seven eight nine ten eleven";
        // 3 shingles stay, 2 are hidden; those across the seam are in neither.
        assert!((hidden_share(expected, &seen) - 2.0 / 5.0).abs() < 1e-9);
        assert_eq!(
            hidden_share(
                expected,
                &visibility(html, &[], &Limits::default()).unwrap()
            ),
            0.0
        );
    }

    #[test]
    fn a_sentence_is_found_whatever_its_case_and_punctuation() {
        assert!(contains_sentence(
            "He said: \"It's over.\" Then left.",
            "it's over, then"
        ));
        assert!(!contains_sentence("It is over", "it's over"));
    }

    #[test]
    fn corpus_f1_is_the_harmonic_mean_of_averages() {
        let c = score_corpus(&[
            PageScore {
                precision: 1.0,
                recall: 0.5,
            },
            PageScore {
                precision: 0.5,
                recall: 1.0,
            },
        ]);
        assert!((c.f1 - 0.75).abs() < 1e-9);
    }
}
