//! Measuring the extractor: main-text F1 against expected texts, and per-label precision and
//! recall against hand labels.
//!
//! Main-text F1: texts are split into `\w+` words, taken as word 4-gram shingles with counts;
//! per page, true positives are the shared shingles, false positives and negatives the rest;
//! precision and recall are averaged over pages and F1 is their harmonic mean.

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
}

impl LabelCounts {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.true_positive as f64 / self.predicted as f64
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
