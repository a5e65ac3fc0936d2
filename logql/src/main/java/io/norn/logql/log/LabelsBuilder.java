package io.norn.logql.log;

import io.norn.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The labels of the entry being processed by one {@link StreamPipeline}: the stream labels (fixed for the stream),
 * the entry's structured metadata and the labels added by stages (parsed labels), plus deletions and the pipeline
 * error ({@code __error__}, {@code __error_details__}). Values set from bytes are kept in a per-builder arena and
 * turned into strings only when read, so a line dropped by a later filter costs no string per label. The merged
 * result is cached and the previous instance is reused when the content did not change.
 *
 * <p>Not thread-safe; owned by one stream pipeline and reset for every entry.
 */
public final class LabelsBuilder {
    public static final String ERROR_LABEL = "__error__";
    public static final String ERROR_DETAILS_LABEL = "__error_details__";

    private final Labels base;

    private Labels structuredMetadata = Labels.EMPTY;

    private String[] names = new String[16];
    private String[] values = new String[16]; // null while the value lives only in the arena
    private int[] valueOff = new int[16];
    private int[] valueLen = new int[16];
    private int count;
    private byte[] arena = new byte[512];
    private int arenaLen;

    private String[] deleted = new String[4];
    private int deletedCount;

    private String error = "";
    private String errorDetails = "";

    private Labels result;
    private boolean resultValid;
    // the stream labels merged with the last structured metadata set seen without parsed labels
    private Labels mergedMetadata;
    private Labels withMetadata;
    private String[] mergedNames = new String[32];
    private String[] mergedValues = new String[32];
    private int[] order = new int[16];

    LabelsBuilder(Labels base) {
        this.base = requireNonNull(base, "base is null");
        this.result = base;
    }

    /** Starts a new entry. */
    void reset(Labels structuredMetadata) {
        this.structuredMetadata = structuredMetadata;
        count = 0;
        arenaLen = 0;
        deletedCount = 0;
        error = "";
        errorDetails = "";
        resultValid = false;
    }

    /** The stream labels the pipeline was created for. */
    public Labels base() {
        return base;
    }

    /** Whether the stream labels hold {@code name}; parsers then add the suffix {@code _extracted}. */
    public boolean baseHas(String name) {
        return base.has(name);
    }

    /** The current value of {@code name}, as label filters and templates see it. */
    public Optional<String> find(String name) {
        return Optional.ofNullable(value(name));
    }

    /** The current value of {@code name}, or null when absent. */
    String value(String name) {
        if (name.equals(ERROR_LABEL)) return error.isEmpty() ? null : error;
        if (name.equals(ERROR_DETAILS_LABEL)) return errorDetails.isEmpty() ? null : errorDetails;
        int i = indexOf(name);
        if (i >= 0) return valueAt(i);
        for (int d = 0; d < deletedCount; d++) if (deleted[d].equals(name)) return null;
        int s = indexIn(structuredMetadata, name);
        if (s >= 0) return structuredMetadata.value(s);
        int b = indexIn(base, name);
        return b >= 0 ? base.value(b) : null;
    }

    /**
     * The value of a label a parser set, read as a plain decimal number ({@link Units#plainDecimal}) without making a
     * String; NaN when there is no such value or it has another form (then parse {@link #value} in full).
     */
    public double plainDecimal(String name) {
        int i = indexOf(name);
        if (i < 0 || values[i] != null || valueLen[i] == 0) return Double.NaN;
        return Units.plainDecimal(arena, valueOff[i], valueLen[i]);
    }

    private static int indexIn(Labels labels, String name) {
        for (int i = 0, n = labels.size(); i < n; i++) if (labels.name(i).equals(name)) return i;
        return -1;
    }

    private int indexOf(String name) {
        // parsers and queries use interned names: try identity first, it is what matches almost always
        for (int i = 0; i < count; i++) if (names[i] == name) return i;
        for (int i = 0; i < count; i++) if (names[i].equals(name)) return i;
        return -1;
    }

    private String valueAt(int i) {
        String v = values[i];
        if (v == null) {
            v = valueLen[i] == 0 ? "" : new String(arena, valueOff[i], valueLen[i], StandardCharsets.UTF_8);
            values[i] = v;
        }
        return v;
    }

    /** Sets a label added by a stage (a parsed label), replacing an earlier value. */
    public void set(String name, String value) {
        requireNonNull(value, "value is null");
        if (name.equals(ERROR_LABEL)) {
            error = value;
        } else if (name.equals(ERROR_DETAILS_LABEL)) {
            errorDetails = value;
        } else {
            int i = slot(name);
            values[i] = value;
            valueLen[i] = 0;
        }
        resultValid = false;
    }

    /** Sets a parsed label from UTF-8 bytes; the bytes are copied. */
    void setBytes(String name, byte[] buf, int off, int len) {
        int i = slot(name);
        if (arenaLen + len > arena.length) arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + len));
        System.arraycopy(buf, off, arena, arenaLen, len);
        values[i] = null;
        valueOff[i] = arenaLen;
        valueLen[i] = len;
        arenaLen += len;
        resultValid = false;
    }

    private int slot(String name) {
        int i = indexOf(name);
        if (i >= 0) return i;
        if (count == names.length) {
            int n = count * 2;
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
            valueOff = Arrays.copyOf(valueOff, n);
            valueLen = Arrays.copyOf(valueLen, n);
        }
        names[count] = name;
        return count++;
    }

    /** Removes a label of any group; {@code __error__} and {@code __error_details__} clear the error. */
    public void delete(String name) {
        if (name.equals(ERROR_LABEL)) {
            error = "";
        } else if (name.equals(ERROR_DETAILS_LABEL)) {
            errorDetails = "";
        } else {
            int i = indexOf(name);
            if (i >= 0) {
                count--;
                names[i] = names[count];
                values[i] = values[count];
                valueOff[i] = valueOff[count];
                valueLen[i] = valueLen[count];
            }
            if (deletedCount == deleted.length) deleted = Arrays.copyOf(deleted, deletedCount * 2);
            deleted[deletedCount++] = name;
        }
        resultValid = false;
    }

    public boolean hasError() {
        return !error.isEmpty();
    }

    public String error() {
        return error;
    }

    /** Sets {@code __error__}, replacing an earlier error as Loki does. */
    public void setError(String error) {
        this.error = requireNonNull(error, "error is null");
        resultValid = false;
    }

    public void setErrorDetails(String details) {
        this.errorDetails = requireNonNull(details, "details is null");
        resultValid = false;
    }

    /** All labels of the entry, merged and sorted; empty values are kept as Loki does. */
    public Labels labels() {
        if (resultValid) return result;
        Labels r;
        boolean onlyStreamAndMetadata = count == 0 && deletedCount == 0 && error.isEmpty() && errorDetails.isEmpty();
        if (onlyStreamAndMetadata && structuredMetadata.isEmpty()) {
            r = base;
        } else if (onlyStreamAndMetadata && structuredMetadata == mergedMetadata) {
            // entries of a block share their metadata set's instance: same set, same labels
            r = withMetadata;
        } else {
            r = merge(true, true, true);
            if (onlyStreamAndMetadata) {
                mergedMetadata = structuredMetadata;
                withMetadata = r;
            }
        }
        result = r;
        resultValid = true;
        return r;
    }

    /** The stream labels after deletions and without labels overridden by stages. */
    public Labels streamLabels() {
        if (count == 0 && deletedCount == 0) return base;
        return merge(true, false, false);
    }

    public Labels structuredMetadata() {
        if (count == 0 && deletedCount == 0) return structuredMetadata;
        return merge(false, true, false);
    }

    /** Labels added by stages, including {@code __error__} and {@code __error_details__}. */
    public Labels parsedLabels() {
        if (count == 0 && error.isEmpty() && errorDetails.isEmpty()) return Labels.EMPTY;
        return merge(false, false, true);
    }

    private boolean isDeleted(String name) {
        for (int d = 0; d < deletedCount; d++) if (deleted[d].equals(name)) return true;
        return false;
    }

    private Labels merge(boolean withBase, boolean withMetadata, boolean withParsed) {
        // order parsed labels by name (few labels: insertion sort on indices)
        int pc = withParsed ? count : 0;
        if (order.length < pc) order = new int[names.length];
        for (int i = 0; i < pc; i++) {
            int j = i;
            while (j > 0 && names[order[j - 1]].compareTo(names[i]) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        int cap = base.size() + structuredMetadata.size() + pc + 2;
        if (mergedNames.length < cap) {
            mergedNames = new String[cap * 2];
            mergedValues = new String[cap * 2];
        }
        int n = 0;
        int bi = 0;
        int si = 0;
        int pi = 0;
        int bn = withBase ? base.size() : 0;
        int sn = withMetadata ? structuredMetadata.size() : 0;
        boolean errorPending = withParsed && !error.isEmpty();
        boolean detailsPending = withParsed && !errorDetails.isEmpty();
        while (true) {
            String best = null;
            if (bi < bn) best = base.name(bi);
            if (si < sn && (best == null || structuredMetadata.name(si).compareTo(best) < 0)) best = structuredMetadata.name(si);
            if (pi < pc && (best == null || names[order[pi]].compareTo(best) < 0)) best = names[order[pi]];
            if (errorPending && (best == null || ERROR_LABEL.compareTo(best) < 0)) best = ERROR_LABEL;
            if (detailsPending && (best == null || ERROR_DETAILS_LABEL.compareTo(best) < 0)) best = ERROR_DETAILS_LABEL;
            if (best == null) break;
            String value = null;
            boolean fromParsed = false;
            if (errorPending && best.equals(ERROR_LABEL)) {
                value = error;
                errorPending = false;
                fromParsed = true;
            }
            if (detailsPending && best.equals(ERROR_DETAILS_LABEL)) {
                value = errorDetails;
                detailsPending = false;
                fromParsed = true;
            }
            if (pi < pc && names[order[pi]].equals(best)) {
                if (value == null) value = valueAt(order[pi]);
                pi++;
                fromParsed = true;
            }
            if (si < sn && structuredMetadata.name(si).equals(best)) {
                if (value == null && !isDeleted(best) && indexOf(best) < 0) value = structuredMetadata.value(si);
                si++;
            }
            if (bi < bn && base.name(bi).equals(best)) {
                if (value == null && !isDeleted(best) && indexOf(best) < 0
                        && (withMetadata || indexIn(structuredMetadata, best) < 0)) {
                    value = base.value(bi);
                }
                bi++;
            }
            if (value != null || fromParsed) {
                mergedNames[n] = best;
                mergedValues[n] = value;
                n++;
            }
        }
        if (withBase && withMetadata && withParsed && result != null && sameAs(result, n)) return result;
        if (n == 0) return Labels.EMPTY;
        return Labels.ofSortedArrays(Arrays.copyOf(mergedNames, n), Arrays.copyOf(mergedValues, n));
    }

    private boolean sameAs(Labels l, int n) {
        if (l.size() != n) return false;
        for (int i = 0; i < n; i++) {
            if (!l.name(i).equals(mergedNames[i]) || !l.value(i).equals(mergedValues[i])) return false;
        }
        return true;
    }
}
