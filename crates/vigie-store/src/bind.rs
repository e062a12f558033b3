//! Values bound to a query whose text is built at run time (filters,
//! keyset conditions), numbered `$1`… as both backends read them.

/// One bound value.
#[derive(Clone)]
pub(crate) enum Bind {
    Text(String),
    Int(i64),
}

/// Binds every value of `$binds` (an iterator of `&Bind`) to `$query`, in
/// order.
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut query = $query;
        for b in $binds {
            query = match b {
                $crate::bind::Bind::Text(s) => query.bind(s.clone()),
                $crate::bind::Bind::Int(i) => query.bind(*i),
            };
        }
        query
    }};
}
pub(crate) use bind_all;
