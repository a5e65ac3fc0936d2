package io.norn.ingester;

import io.norn.chunkenc.DecodedBlock;
import io.norn.encoding.CorruptionException;
import io.norn.model.Labels;

import java.util.List;

/** Merges snapshots of raw head blocks (each sorted by timestamp) into one, as a query reads a stream's head. */
final class RawSnapshots {
    private RawSnapshots() {
    }

    /**
     * One snapshot holding every entry of {@code parts} in timestamp order; entries with equal timestamps keep the
     * order of the parts (older blocks first), then their order within a part.
     */
    static DecodedBlock merge(List<DecodedBlock> parts) {
        int k = parts.size();
        byte[][] texts = new byte[k][];
        int n = 0;
        int textBytes = 0;
        boolean anyMetadata = false;
        for (int p = 0; p < k; p++) {
            DecodedBlock d = parts.get(p);
            texts[p] = text(d);
            n += d.count();
            for (int i = 0; i < d.count(); i++) {
                textBytes += d.lineLength(i);
                anyMetadata |= !d.structuredMetadata(i).isEmpty();
            }
        }
        long[] ts = new long[n];
        int[] offsets = new int[n + 1];
        Labels[] sm = anyMetadata ? new Labels[n] : null;
        byte[] text = new byte[textBytes];
        int[] next = new int[k];
        int pos = 0;
        for (int out = 0; out < n; out++) {
            int best = -1;
            for (int p = 0; p < k; p++) {
                DecodedBlock d = parts.get(p);
                if (next[p] < d.count() && (best < 0 || d.ts(next[p]) < parts.get(best).ts(next[best]))) best = p;
            }
            DecodedBlock d = parts.get(best);
            int i = next[best]++;
            ts[out] = d.ts(i);
            offsets[out] = pos;
            System.arraycopy(texts[best], d.lineOffset(i), text, pos, d.lineLength(i));
            pos += d.lineLength(i);
            if (sm != null) sm[out] = d.structuredMetadata(i);
        }
        offsets[n] = pos;
        return DecodedBlock.ofRaw(ts, offsets, sm, text);
    }

    private static byte[] text(DecodedBlock raw) {
        try {
            return raw.text();
        } catch (CorruptionException e) {
            throw new IllegalStateException("a raw head snapshot has no text", e);
        }
    }
}
