package io.prefstream.schemas.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Assigns prompts to the train or eval split by a hash of the prompt; see {@link SnapshotManifest.Split}. */
public final class PromptSplit {

    /** Method name recorded in manifests. */
    public static final String METHOD = "sha256-prompt";

    private static final int BUCKETS = 10_000;

    private final SnapshotManifest.Split rule;
    private final long evalBuckets;

    /**
     * Creates a split.
     *
     * @param rule the rule from a manifest, or built by a snapshot writer
     */
    public PromptSplit(SnapshotManifest.Split rule) {
        if (!(rule.evalFraction() >= 0 && rule.evalFraction() < 1)) {
            throw new IllegalArgumentException("eval fraction must be in [0, 1), got " + rule.evalFraction());
        }
        this.rule = rule;
        this.evalBuckets = Math.round(rule.evalFraction() * BUCKETS);
    }

    /** Creates the rule for a fraction, with no salt. */
    public static PromptSplit ofFraction(double evalFraction) {
        return new PromptSplit(new SnapshotManifest.Split(METHOD, evalFraction, ""));
    }

    /** Returns the rule, for writing into a manifest. */
    public SnapshotManifest.Split rule() {
        return rule;
    }

    /** Returns whether the prompt belongs to the eval split. */
    public boolean isEval(String prompt) {
        byte[] digest = Hashing.sha256((rule.salt() + prompt).getBytes(StandardCharsets.UTF_8));
        long value = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        return Long.remainderUnsigned(value, BUCKETS) < evalBuckets;
    }
}
