//! Source files, spans, and the one [`Diagnostic`] model every stage reports through.
//!
//! In: a function's source text as the host read it. Out: [`SourceFile`] (the dedented text
//! the parser sees, with the file name and line offset to map back), [`Span`]s into it, and
//! [`Diagnostic`]s that render like rustc: `file:line:col`, the source line, a caret under
//! the expression, then notes and a hint.

use std::fmt::Write as _;
use std::sync::Arc;

/// A byte range in a [`SourceFile`]'s (dedented) text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
}

/// A function's source as compiled: dedented so it parses as a module, with what it takes to
/// show positions in the original file.
#[derive(Debug)]
pub struct SourceFile {
    /// The file the function came from (`<string>` when unknown).
    pub filename: String,
    /// 1-based line in `filename` of the first line of `text`.
    pub first_line: u32,
    /// Columns removed from every line by dedenting.
    pub indent: u32,
    /// The dedented text.
    pub text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// Dedents `raw` (the text `inspect.getsource` gives) and indexes its lines.
    pub fn new(filename: &str, first_line: u32, raw: &str) -> Arc<SourceFile> {
        let indent = raw
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let mut text = String::with_capacity(raw.len());
        for line in raw.split_inclusive('\n') {
            if line.len() >= indent && line[..indent].trim().is_empty() {
                text.push_str(&line[indent..]);
            } else {
                text.push_str(line.trim_start());
            }
        }
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        Arc::new(SourceFile {
            filename: filename.to_string(),
            first_line,
            indent: indent as u32,
            text,
            line_starts,
        })
    }

    /// 0-based line index and 0-based column (in the dedented text) of a byte offset.
    fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        (line, (offset - self.line_starts[line]) as usize)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line] as usize;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Line number in the original file of the span's start.
    pub fn line_number(&self, span: Span) -> u32 {
        self.line_col(span.start).0 as u32 + self.first_line
    }

    /// The source text under a span.
    pub fn snippet(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// Which Python exception a diagnostic becomes (Numba's class names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosticKind {
    /// Types do not fit an operation, a name is unknown, a construct is not supported.
    Typing,
    /// Valid Python that oxjit deliberately does not compile.
    Unsupported,
    /// A failure while generating machine code for well-typed input.
    Lowering,
    /// A bug in oxjit.
    Internal,
}

impl DiagnosticKind {
    fn label(self) -> &'static str {
        match self {
            DiagnosticKind::Typing => "typing",
            DiagnosticKind::Unsupported => "unsupported",
            DiagnosticKind::Lowering => "lowering",
            DiagnosticKind::Internal => "internal",
        }
    }
}

/// Where a diagnostic points: a span in a source file.
#[derive(Clone, Debug)]
pub struct Location {
    pub file: Arc<SourceFile>,
    pub span: Span,
}

/// One error, with everything needed to explain it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    pub message: String,
    pub primary: Option<Location>,
    /// Label printed beside the caret.
    pub label: Option<String>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

/// Result of a stage that reports through diagnostics.
pub type DResult<T> = Result<T, Diagnostic>;

impl Diagnostic {
    pub fn new(kind: DiagnosticKind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
            primary: None,
            label: None,
            notes: Vec::new(),
            help: None,
        }
    }
    pub fn typing(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagnosticKind::Typing, message)
    }
    pub fn unsupported(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagnosticKind::Unsupported, message)
    }
    pub fn internal(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagnosticKind::Internal, message)
    }
    pub fn lowering(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(DiagnosticKind::Lowering, message)
    }
    /// Points the diagnostic at `span` unless it already points somewhere.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Span) -> Diagnostic {
        if self.primary.is_none() {
            self.primary = Some(Location {
                file: file.clone(),
                span,
            });
        }
        self
    }
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The rustc-style text shown to users.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "error[{}]: {}", self.kind.label(), self.message);
        if let Some(loc) = &self.primary {
            let file = &loc.file;
            let (line, col) = file.line_col(loc.span.start);
            let lineno = line as u32 + file.first_line;
            let width = lineno.to_string().len();
            let pad = " ".repeat(width);
            let indent = " ".repeat(file.indent as usize);
            let text = file.line_text(line);
            let end_col = if file.line_col(loc.span.end.max(loc.span.start)).0 == line {
                file.line_col(loc.span.end).1
            } else {
                text.len()
            };
            let carets = "^".repeat(end_col.saturating_sub(col).max(1));
            let _ = writeln!(
                out,
                "{pad}--> {}:{}:{}",
                file.filename,
                lineno,
                col + file.indent as usize + 1
            );
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{lineno} | {indent}{text}");
            let label = self
                .label
                .as_deref()
                .map(|l| format!(" {l}"))
                .unwrap_or_default();
            let _ = writeln!(out, "{pad} | {indent}{}{carets}{label}", " ".repeat(col));
            if !self.notes.is_empty() || self.help.is_some() {
                let _ = writeln!(out, "{pad} |");
            }
            for note in &self.notes {
                let _ = writeln!(out, "{pad} = note: {note}");
            }
            if let Some(help) = &self.help {
                let _ = writeln!(out, "{pad} = help: {help}");
            }
        } else {
            for note in &self.notes {
                let _ = writeln!(out, "  = note: {note}");
            }
            if let Some(help) = &self.help {
                let _ = writeln!(out, "  = help: {help}");
            }
        }
        out.trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_span_in_original_columns() {
        let file = SourceFile::new("k.py", 10, "    def f(x):\n        return x + y\n");
        let start = file.text.find("y").unwrap() as u32;
        let d = Diagnostic::typing("name 'y' is not defined")
            .at(&file, Span::new(start, start + 1))
            .with_help("define it");
        let text = d.render();
        assert!(text.contains("--> k.py:11:20"), "{text}");
        assert!(text.contains("11 |         return x + y"), "{text}");
        assert!(text.contains("   |                    ^"), "{text}");
        assert!(text.contains("= help: define it"), "{text}");
    }
}
