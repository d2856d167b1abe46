//! Walking a cursor-paged call page by page: [`Client::paginate`] turns a
//! call declared with `cursor = field` into an iterator over every result.
//!
//! Each page is one ordinary call (the client's retry policy applies to
//! it), made only when the results of the previous page have been used up.
//! The walk ends after the page whose answer carries no next cursor. A page
//! that fails ends the walk with that page's error as the last item, so a
//! loop over the results never mistakes a failure for the end of the list.

use std::fmt;

use crate::{CallOptions, Client, Endpoint, Error, Route};

/// An answer that is one page of results: the results, and where the next
/// page starts.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a page of results",
    label = "the answer type of a paged call",
    note = "implement `Page` for the answer type: its results and the cursor of the next page"
)]
pub trait Page {
    /// One result.
    type Item;

    /// The results of this page, and the cursor of the next one (`None` or
    /// an empty string on the last page).
    fn into_page(self) -> (Vec<Self::Item>, Option<String>);
}

/// A call whose answers come in pages, continued by sending the cursor of
/// the previous answer. `#[endpoint(..., cursor = field)]` implements it.
pub trait Paged: Endpoint<Response: Page> {
    /// Sets the cursor the next page starts at.
    fn set_cursor(&mut self, cursor: String);
}

/// The results of every page of a paged call, fetched lazily. Made by
/// [`Client::paginate`].
#[must_use = "the pages are fetched as the iterator is advanced"]
pub struct Pages<'c, E: Paged> {
    client: &'c Client,
    call: E,
    options: CallOptions,
    items: std::vec::IntoIter<<E::Response as Page>::Item>,
    /// Sent the last page, failed, or found the server repeating itself.
    done: bool,
    /// An error to report once the current page's results are used up.
    pending: Option<Error>,
    /// The cursor sent with the page being read.
    cursor: Option<String>,
    pages: u32,
}

impl Client {
    /// Every result of a paged call, page after page. The first page is
    /// `call` as given (with its cursor, if set); nothing is sent until the
    /// iterator is first advanced.
    pub fn paginate<E: Paged>(&self, call: E) -> Pages<'_, E> {
        self.paginate_with(call, CallOptions::default())
    }

    /// [`Client::paginate`] with per-call settings for every page.
    pub fn paginate_with<E: Paged>(&self, call: E, options: CallOptions) -> Pages<'_, E> {
        Pages {
            client: self,
            call,
            options,
            items: Vec::new().into_iter(),
            done: false,
            pending: None,
            cursor: None,
            pages: 0,
        }
    }
}

impl<E: Paged> Pages<'_, E> {
    /// How many pages have been fetched so far.
    pub fn pages_fetched(&self) -> u32 {
        self.pages
    }

    /// Fetches the next page into `items`, or records why the walk ends.
    fn fetch(&mut self) -> Result<(), Error> {
        let answer = self.client.send_with(&self.call, &self.options)?;
        self.pages += 1;
        let (items, next) = answer.into_page();
        self.items = items.into_iter();
        match next.filter(|c| !c.is_empty()) {
            None => self.done = true,
            Some(next) if self.cursor.as_ref() == Some(&next) => {
                // The server sent the cursor it was given: following it
                // would fetch the same page forever.
                self.done = true;
                self.pending = Some(Error::Decode {
                    route: Route::of::<E>(),
                    status: 200,
                    reason: format!(
                        "page {} gave back the cursor it was sent as its next cursor; \
                         the walk stops instead of fetching the same page again",
                        self.pages
                    ),
                    request_id: None,
                    attempts: 1,
                });
            }
            Some(next) => {
                self.call.set_cursor(next.clone());
                self.cursor = Some(next);
            }
        }
        Ok(())
    }
}

impl<E: Paged> Iterator for Pages<'_, E> {
    type Item = Result<<E::Response as Page>::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.items.next() {
                return Some(Ok(item));
            }
            if let Some(error) = self.pending.take() {
                return Some(Err(error));
            }
            if self.done {
                return None;
            }
            if let Err(error) = self.fetch() {
                self.done = true;
                return Some(Err(error));
            }
        }
    }
}

impl<E: Paged> std::iter::FusedIterator for Pages<'_, E> {}

impl<E: Paged> fmt::Debug for Pages<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The call and the results may hold secrets: only the progress.
        f.debug_struct("Pages")
            .field("route", &Route::of::<E>())
            .field("pages_fetched", &self.pages)
            .field("results_left_in_page", &self.items.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
