//! Markdown → plain-text blocks (headings, paragraphs, list items, dated entries).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::date::{Date, entry_date_problem, leading_entry_date};
use crate::model::{Block, BlockKind, entry_anchor};

/// An open list item: its text so far, its line, and whether it already turned out to be an
/// entry whose nested items it absorbs.
struct OpenItem {
    text: String,
    line: usize,
    is_entry: bool,
}

/// A list item that reads like a dated entry but is not one: the 1-based line of the
/// Markdown (or of the plain text) it starts on, and what is wrong with its date.
pub type DateWarning = (usize, String);

/// Converts Markdown to blocks. A list item that opens with a date ("January 29: ...")
/// becomes an entry holding the text of its nested items; `article_date` supplies a missing
/// year.
#[cfg(test)]
pub fn to_blocks(markdown: &str, article_date: Option<Date>) -> Vec<Block> {
    to_blocks_checked(markdown, article_date, &mut Vec::new())
}

/// [`to_blocks`], adding to `warnings` the list items that look like dated entries but whose
/// date does not read ("February 30:", "Janury 29:"): they stay plain list items.
pub fn to_blocks_checked(
    markdown: &str,
    article_date: Option<Date>,
    warnings: &mut Vec<DateWarning>,
) -> Vec<Block> {
    let line_starts: Vec<usize> = markdown.match_indices('\n').map(|(i, _)| i).collect();
    let line_of = |offset: usize| line_starts.partition_point(|&i| i < offset) + 1;
    let mut blocks = Vec::new();
    let mut items: Vec<OpenItem> = Vec::new();
    let mut current = String::new();
    let mut current_kind = BlockKind::Paragraph;
    let mut skip_depth = 0usize;
    // `## Background {#background}` gives a heading an id, as Hugo and Pandoc read it.
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Item) => {
                if let Some(parent) = items.last_mut() {
                    parent.text.push_str(&current);
                    current.clear();
                    if !parent.is_entry {
                        parent.is_entry = leading_entry_date(&parent.text, article_date).is_some();
                    }
                    if !parent.is_entry {
                        // The parent's own words come before its children.
                        let text = std::mem::take(&mut parent.text);
                        check_item(warnings, &text, parent.line, article_date);
                        push_block(&mut blocks, BlockKind::ListItem, &text);
                    }
                }
                items.push(OpenItem {
                    text: String::new(),
                    line: line_of(range.start),
                    is_entry: false,
                });
            }
            Event::End(TagEnd::Item) => {
                let Some(mut item) = items.pop() else {
                    continue;
                };
                item.text.push_str(&current);
                current.clear();
                match items.last_mut() {
                    Some(parent) if parent.is_entry => {
                        // Nested detail of an entry belongs to the entry.
                        separate(&mut parent.text);
                        parent.text.push_str(&item.text);
                    }
                    _ => {
                        check_item(warnings, &item.text, item.line, article_date);
                        finish_item(&mut blocks, &item.text, article_date);
                    }
                }
            }
            Event::Start(Tag::Heading { id, .. }) => {
                flush_paragraph(&mut blocks, &mut current, &current_kind, &items);
                current_kind = BlockKind::Heading {
                    anchor: id.map(|id| id.to_string()),
                };
            }
            Event::End(TagEnd::Heading(_)) => {
                flush_paragraph(&mut blocks, &mut current, &current_kind, &items);
                current_kind = BlockKind::Paragraph;
            }
            Event::Start(
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::TableRow
                | Tag::TableHead,
            ) => {
                if items.is_empty() {
                    flush_paragraph(&mut blocks, &mut current, &current_kind, &items);
                } else {
                    separate(&mut current);
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => flush_paragraph(&mut blocks, &mut current, &current_kind, &items),
            Event::Start(Tag::Image { .. } | Tag::MetadataBlock(_)) => skip_depth += 1,
            Event::End(TagEnd::Image | TagEnd::MetadataBlock(_)) => {
                skip_depth = skip_depth.saturating_sub(1);
            }
            Event::End(TagEnd::TableCell) => current.push(' '),
            Event::Text(text) | Event::Code(text) if skip_depth == 0 => current.push_str(&text),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            // Raw HTML is markup, not text: dropping it keeps tags out of the index and out
            // of excerpts.
            _ => {}
        }
    }
    while let Some(item) = items.pop() {
        let text = item.text + &current;
        check_item(warnings, &text, item.line, article_date);
        finish_item(&mut blocks, &text, article_date);
        current.clear();
    }
    flush_paragraph(&mut blocks, &mut current, &current_kind, &items);
    number_anchors(&mut blocks);
    blocks
}

/// Plain text (JSON Lines bodies): paragraphs are separated by blank lines; a line that
/// opens with a date is an entry. Lines of dated paragraphs that look like entries but whose
/// date does not read are added to `warnings`, with their line in `text`.
pub fn plain_to_blocks(
    text: &str,
    article_date: Option<Date>,
    warnings: &mut Vec<DateWarning>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut first_line = 1;
    for paragraph in text.split("\n\n") {
        let numbered: Vec<(usize, &str)> = paragraph
            .lines()
            .enumerate()
            .map(|(i, line)| (first_line + i, line))
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        first_line += paragraph.lines().count().max(1) + 1;
        let lines: Vec<&str> = numbered.iter().map(|&(_, line)| line).collect();
        let dated = lines.len() > 1
            && lines
                .iter()
                .any(|l| leading_entry_date(strip_bullet(l), article_date).is_some());
        if dated {
            for (number, line) in numbered {
                check_item(warnings, strip_bullet(line), number, article_date);
                finish_item(&mut blocks, strip_bullet(line), article_date);
            }
        } else {
            let joined = lines.join(" ");
            if let [(number, line)] = numbered.as_slice() {
                check_item(warnings, strip_bullet(line), *number, article_date);
            }
            if leading_entry_date(strip_bullet(&joined), article_date).is_some() {
                finish_item(&mut blocks, strip_bullet(&joined), article_date);
            } else {
                push_block(&mut blocks, BlockKind::Paragraph, &joined);
            }
        }
    }
    number_anchors(&mut blocks);
    blocks
}

fn strip_bullet(line: &str) -> &str {
    let trimmed = line.trim_start();
    trimmed
        .strip_prefix(['-', '*', '•'])
        .map_or(trimmed, str::trim_start)
}

pub(super) fn separate(text: &mut String) {
    if !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

fn flush_paragraph(
    blocks: &mut Vec<Block>,
    current: &mut String,
    kind: &BlockKind,
    items: &[OpenItem],
) {
    if items.is_empty() {
        push_block(blocks, kind.clone(), current);
        current.clear();
    }
}

/// Warns about a list item that reads like a dated entry but is not one.
fn check_item(
    warnings: &mut Vec<DateWarning>,
    text: &str,
    line: usize,
    article_date: Option<Date>,
) {
    if let Some(problem) = entry_date_problem(text.trim_start(), article_date) {
        warnings.push((
            line,
            format!("this list item is not read as a dated entry: {problem}"),
        ));
    }
}

fn finish_item(blocks: &mut Vec<Block>, text: &str, article_date: Option<Date>) {
    finish_item_with_anchor(blocks, text, article_date, String::new());
}

/// Pushes a finished list item: an entry when it opens with a date, with `anchor` (empty to
/// have [`number_anchors`] give it one from its date).
pub(super) fn finish_item_with_anchor(
    blocks: &mut Vec<Block>,
    text: &str,
    article_date: Option<Date>,
    anchor: String,
) {
    match leading_entry_date(text, article_date) {
        Some((date, prefix_len)) => push_block(
            blocks,
            BlockKind::Entry {
                date,
                anchor,
                tags: Vec::new(),
                people: Vec::new(),
            },
            &text[prefix_len..],
        ),
        None => push_block(blocks, BlockKind::ListItem, text),
    }
}

pub(super) fn push_block(blocks: &mut Vec<Block>, kind: BlockKind, text: &str) {
    let text = collapse_whitespace(text);
    if !text.is_empty() {
        blocks.push(Block { kind, text });
    }
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Gives entries without an anchor one once all are known, numbering repeated days in order.
pub(super) fn number_anchors(blocks: &mut [Block]) {
    let mut seen: Vec<Date> = Vec::new();
    for block in blocks {
        if let BlockKind::Entry { date, anchor, .. } = &mut block.kind {
            let earlier = seen.iter().filter(|d| **d == *date).count();
            if anchor.is_empty() {
                *anchor = entry_anchor(*date, earlier);
            }
            seen.push(*date);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(blocks: &[Block]) -> Vec<&'static str> {
        blocks
            .iter()
            .map(|b| match b.kind {
                BlockKind::Heading { .. } => "h",
                BlockKind::Paragraph => "p",
                BlockKind::ListItem => "li",
                BlockKind::Entry { .. } => "entry",
            })
            .collect()
    }

    #[test]
    fn structure_is_kept() {
        let md =
            "# Title\n\nIntro *with* [a link](http://x).\n\n- one\n- two\n\n<div>raw</div>\n\nEnd.";
        let blocks = to_blocks(md, None);
        assert_eq!(kinds(&blocks), ["h", "p", "li", "li", "p"]);
        assert_eq!(blocks[1].text, "Intro with a link.");
    }

    #[test]
    fn dated_items_become_entries_with_their_details() {
        let md = "Intro.\n\n- January 29: Pezeshkian said no message came.\n  - A nested detail.\n- January 29: Araghchi agreed.\n- January 30: Shargh wrote.\n- A plain item\n";
        let blocks = to_blocks(md, Date::new(2025, 1, 31));
        assert_eq!(kinds(&blocks), ["p", "entry", "entry", "entry", "li"]);
        assert_eq!(
            blocks[1].text,
            "Pezeshkian said no message came. A nested detail."
        );
        let anchors: Vec<_> = blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Entry { anchor, .. } => Some(anchor.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(anchors, ["2025-01-29", "2025-01-29-2", "2025-01-30"]);
    }

    #[test]
    fn nested_entries_under_a_plain_item() {
        let md = "- Timeline\n  - May 11: Talks in Muscat.\n";
        let blocks = to_blocks(md, Date::new(2025, 5, 13));
        assert_eq!(kinds(&blocks), ["li", "entry"]);
        assert_eq!(blocks[0].text, "Timeline");
    }

    #[test]
    fn items_that_look_like_entries_but_are_not_are_warned_about_with_their_line() {
        let md = "Intro.\n\n- January 29: fine.\n- February 30: impossible.\n- Janury 29: a typo.\n  - a nested detail\n- Note: not a date.\n";
        let mut warnings = Vec::new();
        let blocks = to_blocks_checked(md, Date::new(2025, 3, 7), &mut warnings);
        assert_eq!(kinds(&blocks), ["p", "entry", "li", "li", "li", "li"]);
        let lines: Vec<usize> = warnings.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [4, 5], "{warnings:?}");
        assert!(
            warnings[0].1.contains("`February 30` is not a real date"),
            "{}",
            warnings[0].1
        );
        assert!(
            warnings[1].1.contains("`Janury` is not a month"),
            "{}",
            warnings[1].1
        );

        let mut warnings = Vec::new();
        plain_to_blocks(
            "Intro.\n\nMay 2: one.\nMay 32: two.",
            Date::new(2025, 5, 6),
            &mut warnings,
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, 4);
    }

    #[test]
    fn a_range_of_days_is_one_entry_without_the_range_in_its_text() {
        let blocks = to_blocks(
            "- May 12–13: IRNA wrote.\n- 5–6 May: more.\n",
            Date::new(2025, 5, 13),
        );
        assert_eq!(kinds(&blocks), ["entry", "entry"]);
        assert_eq!(blocks[0].text, "IRNA wrote.");
        assert_eq!(blocks[1].text, "more.");
    }

    #[test]
    fn plain_text_paragraphs_and_dated_lines() {
        let text = "First paragraph\ncontinues.\n\nMay 2: one thing.\nMay 3: another.";
        let blocks = plain_to_blocks(text, Date::new(2025, 5, 6), &mut Vec::new());
        assert_eq!(kinds(&blocks), ["p", "entry", "entry"]);
        assert_eq!(blocks[0].text, "First paragraph continues.");
    }
}
