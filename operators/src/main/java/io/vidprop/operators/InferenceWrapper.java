package io.vidprop.operators;

import io.vidprop.model.ProposalModel;
import java.io.Serializable;

/**
 * Wraps each loaded model's inference (the job's and the cameras' own) before the operator uses it, its load-time check
 * included (instrumentation, or injected faults in tests). Serialised with the operator.
 */
@FunctionalInterface
public interface InferenceWrapper extends Serializable {
    BatchInference wrap(ProposalModel model);
}
