package io.github.sparklstm.train;

import io.github.sparklstm.data.SequenceView;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;

/** A trained model as stored on disk: architecture, how images become sequences, and the flat parameters. */
public record SavedModel(ModelSpec spec, SequenceView view, float[] parameters) {

    public SavedModel {
        int expected = ParameterLayout.of(spec).size();
        if (parameters.length != expected) {
            throw new IllegalArgumentException("the architecture has " + expected + " parameters, got "
                    + parameters.length);
        }
        if (view.features() != spec.inputSize()) {
            throw new IllegalArgumentException("view " + view.name() + " gives " + view.features()
                    + " features per step but the model takes " + spec.inputSize());
        }
    }
}
