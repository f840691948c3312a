//! Python source to AST.
//!
//! In: a [`SourceFile`] holding one function's dedented source. Out: that function's
//! definition as a ruff AST ([`ast::StmtFunctionDef`]) or a syntax [`Diagnostic`].
//! The parser is pinned and reached only through this crate, so swapping it touches one
//! place; the AST types are re-exported as [`ast`].

pub use ruff_python_ast as ast;
use ruff_text_size::{Ranged, TextRange};

use oxjit_diagnostics::{Diagnostic, SourceFile, Span};
use std::sync::Arc;

/// The span of anything ruff gives a range.
pub fn span_of(node: &impl Ranged) -> Span {
    range_span(node.range())
}

pub fn range_span(r: TextRange) -> Span {
    Span::new(r.start().to_u32(), r.end().to_u32())
}

/// Parses `file` and returns the first function definition in it (decorators included).
pub fn parse_function(file: &Arc<SourceFile>) -> Result<ast::StmtFunctionDef, Diagnostic> {
    let parsed = ruff_python_parser::parse_module(&file.text).map_err(|err| {
        let span = range_span(err.location);
        Diagnostic::typing(format!("cannot parse the function's source: {}", err.error))
            .at(file, span)
    })?;
    let module = parsed.into_syntax();
    for stmt in module.body {
        if let ast::Stmt::FunctionDef(def) = stmt {
            return Ok(def);
        }
    }
    Err(Diagnostic::unsupported(
        "the source given is not a `def` statement (lambdas and exec'd code cannot be compiled)",
    )
    .with_help("define the function with `def` in a file"))
}
