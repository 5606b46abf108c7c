/** Placeholder. */
package dev.ses.store.jdbc;
