package io.norn.iter;

import io.norn.model.Labels;

/** One stream selected for a query: its labels and a cursor over its entries. */
public record StreamCursor(Labels labels, EntryCursor entries) {
}
