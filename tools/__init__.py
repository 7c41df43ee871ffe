"""Development tools built on the project (not part of the product package `civic`)."""
