//! Collects every error found in one expansion, so one compile shows them all.

use std::fmt::Display;

use quote::ToTokens;

#[derive(Default)]
pub struct Ctx {
    errors: Option<syn::Error>,
}

impl Ctx {
    /// Records an error at the span of `tokens`.
    pub fn error_at(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error at `span`.
    pub fn error_span(&mut self, span: proc_macro2::Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    pub fn push(&mut self, err: syn::Error) {
        match &mut self.errors {
            Some(all) => all.combine(err),
            None => self.errors = Some(err),
        }
    }

    /// All errors, combined; `Ok` when there were none.
    pub fn finish(self) -> Result<(), syn::Error> {
        match self.errors {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}
