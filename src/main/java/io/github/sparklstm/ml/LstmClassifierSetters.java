// Generated from the table of settings (config/ConfigKeys.java) by GeneratedParamsTest.
// Do not edit: change the table and run
// mvn test-compile surefire:test@spark-tests -Dtest=GeneratedParamsTest -Dsparklstm.regenerate=true
package io.github.sparklstm.ml;

/**
 * The typed setters of {@link LstmClassifier}, one per Param of {@link LstmClassifierParams} (whose
 * accessors carry the docs): each returns the estimator, so settings chain.
 */
public interface LstmClassifierSetters extends LstmClassifierParams {

    default LstmClassifier setFeaturesCol(String value) {
        return (LstmClassifier) set(featuresCol(), value);
    }

    default LstmClassifier setLabelCol(String value) {
        return (LstmClassifier) set(labelCol(), value);
    }

    default LstmClassifier setSteps(int value) {
        return (LstmClassifier) set(steps(), value);
    }

    default LstmClassifier setMaxSteps(int value) {
        return (LstmClassifier) set(maxSteps(), value);
    }

    default LstmClassifier setLengthCol(String value) {
        return (LstmClassifier) set(lengthCol(), value);
    }

    default LstmClassifier setLonger(String value) {
        return (LstmClassifier) set(longer(), value);
    }

    default LstmClassifier setInputSize(int value) {
        return (LstmClassifier) set(inputSize(), value);
    }

    default LstmClassifier setNormalize(String value) {
        return (LstmClassifier) set(normalize(), value);
    }

    default LstmClassifier setValidationFraction(double value) {
        return (LstmClassifier) set(validationFraction(), value);
    }

    default LstmClassifier setValidationSeed(long value) {
        return (LstmClassifier) set(validationSeed(), value);
    }

    default LstmClassifier setStorageLevel(String value) {
        return (LstmClassifier) set(storageLevel(), value);
    }

    default LstmClassifier setHiddenSize(int value) {
        return (LstmClassifier) set(hiddenSize(), value);
    }

    default LstmClassifier setNumLayers(int value) {
        return (LstmClassifier) set(numLayers(), value);
    }

    default LstmClassifier setPeepholes(boolean value) {
        return (LstmClassifier) set(peepholes(), value);
    }

    default LstmClassifier setBidirectional(boolean value) {
        return (LstmClassifier) set(bidirectional(), value);
    }

    default LstmClassifier setOutput(String value) {
        return (LstmClassifier) set(output(), value);
    }

    default LstmClassifier setClasses(int value) {
        return (LstmClassifier) set(classes(), value);
    }

    default LstmClassifier setEpochs(int value) {
        return (LstmClassifier) set(epochs(), value);
    }

    default LstmClassifier setBatchSize(int value) {
        return (LstmClassifier) set(batchSize(), value);
    }

    default LstmClassifier setGlobalBatchLimit(int value) {
        return (LstmClassifier) set(globalBatchLimit(), value);
    }

    default LstmClassifier setNumWorkers(int value) {
        return (LstmClassifier) set(numWorkers(), value);
    }

    default LstmClassifier setAveragingFrequency(int value) {
        return (LstmClassifier) set(averagingFrequency(), value);
    }

    default LstmClassifier setAveragingExamples(int value) {
        return (LstmClassifier) set(averagingExamples(), value);
    }

    default LstmClassifier setOptimizer(String value) {
        return (LstmClassifier) set(optimizer(), value);
    }

    default LstmClassifier setLearningRate(double value) {
        return (LstmClassifier) set(learningRate(), value);
    }

    default LstmClassifier setMomentum(double value) {
        return (LstmClassifier) set(momentum(), value);
    }

    default LstmClassifier setBeta1(double value) {
        return (LstmClassifier) set(beta1(), value);
    }

    default LstmClassifier setBeta2(double value) {
        return (LstmClassifier) set(beta2(), value);
    }

    default LstmClassifier setEpsilon(double value) {
        return (LstmClassifier) set(epsilon(), value);
    }

    default LstmClassifier setRmsDecay(double value) {
        return (LstmClassifier) set(rmsDecay(), value);
    }

    default LstmClassifier setSchedule(String value) {
        return (LstmClassifier) set(schedule(), value);
    }

    default LstmClassifier setWarmupSteps(long value) {
        return (LstmClassifier) set(warmupSteps(), value);
    }

    default LstmClassifier setLearningRateScaling(String value) {
        return (LstmClassifier) set(learningRateScaling(), value);
    }

    default LstmClassifier setScalingWarmupEpochs(double value) {
        return (LstmClassifier) set(scalingWarmupEpochs(), value);
    }

    default LstmClassifier setDecaySteps(long value) {
        return (LstmClassifier) set(decaySteps(), value);
    }

    default LstmClassifier setDecayFactor(double value) {
        return (LstmClassifier) set(decayFactor(), value);
    }

    default LstmClassifier setMinLearningRate(double value) {
        return (LstmClassifier) set(minLearningRate(), value);
    }

    default LstmClassifier setClipNorm(double value) {
        return (LstmClassifier) set(clipNorm(), value);
    }

    default LstmClassifier setSeed(long value) {
        return (LstmClassifier) set(seed(), value);
    }

    default LstmClassifier setDivergenceLoss(double value) {
        return (LstmClassifier) set(divergenceLoss(), value);
    }

    default LstmClassifier setDivergenceRetries(int value) {
        return (LstmClassifier) set(divergenceRetries(), value);
    }

    default LstmClassifier setStopAfterEpochs(int value) {
        return (LstmClassifier) set(stopAfterEpochs(), value);
    }

    default LstmClassifier setKeep(String value) {
        return (LstmClassifier) set(keep(), value);
    }

    default LstmClassifier setSelectBy(String value) {
        return (LstmClassifier) set(selectBy(), value);
    }

    default LstmClassifier setEarlyStoppingPatience(int value) {
        return (LstmClassifier) set(earlyStoppingPatience(), value);
    }

    default LstmClassifier setDivergenceLearningRateFactor(double value) {
        return (LstmClassifier) set(divergenceLearningRateFactor(), value);
    }

    default LstmClassifier setAveragingMethod(String value) {
        return (LstmClassifier) set(averagingMethod(), value);
    }

    default LstmClassifier setOptimizerState(String value) {
        return (LstmClassifier) set(optimizerState(), value);
    }

    default LstmClassifier setBlockMomentum(double value) {
        return (LstmClassifier) set(blockMomentum(), value);
    }

    default LstmClassifier setBlockLearningRate(double value) {
        return (LstmClassifier) set(blockLearningRate(), value);
    }

    default LstmClassifier setServerLearningRate(double value) {
        return (LstmClassifier) set(serverLearningRate(), value);
    }

    default LstmClassifier setServerBeta1(double value) {
        return (LstmClassifier) set(serverBeta1(), value);
    }

    default LstmClassifier setServerBeta2(double value) {
        return (LstmClassifier) set(serverBeta2(), value);
    }

    default LstmClassifier setServerEpsilon(double value) {
        return (LstmClassifier) set(serverEpsilon(), value);
    }

    default LstmClassifier setEarlyAveragingFrequency(int value) {
        return (LstmClassifier) set(earlyAveragingFrequency(), value);
    }

    default LstmClassifier setEarlyAveragingEpochs(double value) {
        return (LstmClassifier) set(earlyAveragingEpochs(), value);
    }

    default LstmClassifier setRoundExchange(String value) {
        return (LstmClassifier) set(roundExchange(), value);
    }

    default LstmClassifier setCheckpointEvery(int value) {
        return (LstmClassifier) set(checkpointEvery(), value);
    }

    default LstmClassifier setCheckpointKeep(int value) {
        return (LstmClassifier) set(checkpointKeep(), value);
    }

    default LstmClassifier setEvalBatchSize(int value) {
        return (LstmClassifier) set(evalBatchSize(), value);
    }

    default LstmClassifier setValidationEvery(int value) {
        return (LstmClassifier) set(validationEvery(), value);
    }

    default LstmClassifier setCheckpointDir(String value) {
        return (LstmClassifier) set(checkpointDir(), value);
    }

    default LstmClassifier setRawPredictionCol(String value) {
        return (LstmClassifier) set(rawPredictionCol(), value);
    }

    default LstmClassifier setProbabilityCol(String value) {
        return (LstmClassifier) set(probabilityCol(), value);
    }

    default LstmClassifier setPredictionCol(String value) {
        return (LstmClassifier) set(predictionCol(), value);
    }

    default LstmClassifier setPredictedLabelCol(String value) {
        return (LstmClassifier) set(predictedLabelCol(), value);
    }
}
