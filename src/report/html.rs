//! The HTML page: one self-contained document (inline CSS and SVG, no script, no link to
//! anything outside it), written as well-formed markup so that it parses as XML too.

use super::chart::Figure;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A part of a section.
pub enum Part {
    /// A chart.
    Figure(Figure),
    /// An HTML table, already built by [`table`].
    Table(String),
    /// A paragraph of plain text.
    Note(String),
    /// A sub-heading.
    Heading(String),
}

/// A section of the page.
pub struct Section {
    /// Fragment id.
    pub id: String,
    /// Heading.
    pub heading: String,
    /// Parts, in order.
    pub parts: Vec<Part>,
}

/// A table with a header row; cells are plain text (escaped here).
pub fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<div class=\"wide\"><table><thead><tr>");
    for h in header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:0;color:#222;background:#fff}\
main{max-width:1100px;margin:0 auto;padding:16px}\
h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}h3{font-size:1.05em}\
figure{margin:12px 0;display:inline-block;vertical-align:top}\
figure svg{max-width:100%;height:auto;border:1px solid #eee}\
figcaption{font-size:.85em;color:#444;max-width:760px}\
table{border-collapse:collapse;font-size:.85em}\
th,td{border:1px solid #ddd;padding:2px 6px;text-align:right}\
th:first-child,td:first-child{text-align:left}\
.wide{overflow-x:auto}p.note{color:#555;font-size:.9em}";

/// The whole page.
pub fn page(title: &str, lead: &str, sections: &[Section]) -> String {
    let mut out = String::with_capacity(256 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>",
    );
    out.push_str(&escape(title));
    out.push_str("</title><style>");
    out.push_str(STYLE);
    out.push_str("</style></head>\n<body><main><h1>");
    out.push_str(&escape(title));
    out.push_str("</h1><p>");
    out.push_str(&escape(lead));
    out.push_str("</p>\n");
    for s in sections {
        out.push_str(&format!(
            "<section id=\"{}\"><h2>{}</h2>\n",
            escape(&s.id),
            escape(&s.heading)
        ));
        for part in &s.parts {
            match part {
                Part::Figure(f) => {
                    // The axis labels again as attributes: a test checks each is drawn.
                    out.push_str(&format!(
                        "<figure class=\"chart\" data-x-label=\"{}\" data-y-label=\"{}\">",
                        escape(&f.x_label),
                        escape(&f.y_label)
                    ));
                    out.push_str(&f.svg);
                    out.push_str("<figcaption>");
                    out.push_str(&escape(&f.caption));
                    out.push_str("</figcaption></figure>\n");
                }
                Part::Table(t) => {
                    out.push_str(t);
                    out.push('\n');
                }
                Part::Note(n) => {
                    out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(n)));
                }
                Part::Heading(h) => {
                    out.push_str(&format!("<h3>{}</h3>\n", escape(h)));
                }
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main></body></html>\n");
    out
}
