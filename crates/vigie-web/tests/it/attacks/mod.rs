mod dos;
mod races;
