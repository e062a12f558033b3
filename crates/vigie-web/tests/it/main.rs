//! The web application driven through `app(state).oneshot(request)`, with no
//! socket, on the backend the environment selects. Modules mirror URLs.

mod api_me;
mod attacks;
mod budget;
mod caching;
mod conferences;
mod csrf;
mod documents;
mod governance;
mod health;
mod home;
mod log;
mod login;
mod meetings;
mod pagination;
mod procurement;
mod recommendations;
mod secrecy;
mod several_servers;
mod support;
