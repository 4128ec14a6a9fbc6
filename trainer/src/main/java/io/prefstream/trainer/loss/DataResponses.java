package io.prefstream.trainer.loss;

/** Which data responses the pessimism term compares self-play responses against. */
public enum DataResponses {

    /** The chosen response only. */
    CHOSEN,

    /** Chosen and rejected responses; the per-response terms are averaged. */
    CHOSEN_AND_REJECTED
}
