//! The store's areas: `store.budget()`, `store.procurement()`, … each a
//! borrowed handle that owns one area's tables, its queries and what
//! `vigie log verify` checks of it, so that `Store` itself keeps only what
//! every area shares (the pools, the trail, the reference data).

/// Declares an area's handle and the `Store` method that gives it.
macro_rules! area {
    ($(#[$doc:meta])* $name:ident, $accessor:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name<'s> {
            pub(crate) store: &'s crate::Store,
        }

        impl crate::Store {
            $(#[$doc])*
            pub fn $accessor(&self) -> $name<'_> {
                $name { store: self }
            }
        }
    };
}
pub(crate) use area;
