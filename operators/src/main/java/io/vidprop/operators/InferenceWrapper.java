package io.vidprop.operators;

import io.vidprop.model.ProposalModel;
import java.io.Serializable;

/**
 * Wraps the loaded model's inference before the operator uses it (instrumentation, or injected faults in tests). Part
 * of {@link ProposalSettings}, so it is serialised with the job.
 */
@FunctionalInterface
public interface InferenceWrapper extends Serializable {
    BatchInference wrap(ProposalModel model);
}
