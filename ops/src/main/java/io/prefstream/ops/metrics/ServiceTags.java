package io.prefstream.ops.metrics;

/** The {@value #SERVICE} tag every meter of a process carries, and its values. */
public final class ServiceTags {

    /** Tag key set on every meter of the process. */
    public static final String SERVICE = "service";
    /** The ingest service ({@code prefstream ingest}). */
    public static final String INGEST = "ingest";
    /** The trainer service ({@code prefstream train}). */
    public static final String TRAINER = "trainer";
    /** The demo pipeline, which runs ingest and trainer in one process. */
    public static final String DEMO = "demo";

    private ServiceTags() {
    }
}
