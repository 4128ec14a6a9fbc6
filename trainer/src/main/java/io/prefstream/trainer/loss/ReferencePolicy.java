package io.prefstream.trainer.loss;

/** The reference policy inside the implicit reward {@code f(x, y) = beta * (log pi(y|x) - log ref(y|x))}. */
public enum ReferencePolicy {

    /** The round's starting policy {@code pi_t}, as in SPIN and SPAC's self-play rounds. */
    PI_T,

    /** The supervised warm-start model {@code pi_ref = pi_0}, as in DPO. */
    PI_REF
}
