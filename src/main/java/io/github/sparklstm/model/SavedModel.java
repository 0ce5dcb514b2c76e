package io.github.sparklstm.model;

import io.github.sparklstm.data.ClassLabels;
import io.github.sparklstm.data.SequenceFormat;
import io.github.sparklstm.data.SeriesTable;
import io.github.sparklstm.nn.ModelSpec;
import io.github.sparklstm.nn.ParameterLayout;

/**
 * A trained model as stored on disk: architecture, the sequences it takes (and how raw data become them), the
 * classes it predicts with their original labels, and the flat parameters. A forecaster has no classes
 * ({@code labels} null) but its {@code forecast}: the series columns and windows it reads and predicts.
 */
public record SavedModel(ModelSpec spec, SequenceFormat format, ClassLabels labels, float[] parameters,
                         SeriesTable forecast) implements java.io.Serializable {

    /** A classifier. */
    public SavedModel(ModelSpec spec, SequenceFormat format, ClassLabels labels, float[] parameters) {
        this(spec, format, labels, parameters, null);
    }

    public SavedModel {
        if ((forecast != null) != spec.regresses() || (labels == null) != (forecast != null)) {
            throw new IllegalArgumentException("a forecaster has a regression head, its series and no labels; a "
                    + "classifier has labels");
        }
        int expected = ParameterLayout.of(spec).size();
        if (parameters.length != expected) {
            throw new IllegalArgumentException("the architecture has " + expected + " parameters, got "
                    + parameters.length);
        }
        if (format.features() != spec.batchFeatures()) {
            throw new IllegalArgumentException("the data have " + format.features() + " features per step but the"
                    + " model takes " + spec.batchFeatures());
        }
        if (labels != null && labels.count() != spec.classes()) {
            throw new IllegalArgumentException(labels.count() + " class labels for a model of " + spec.classes()
                    + " classes");
        }
    }

    /** Whether the model labels every step (its predictions are arrays, one per step). */
    public boolean perStep() {
        return spec.output() == ModelSpec.Output.STEPS;
    }
}
