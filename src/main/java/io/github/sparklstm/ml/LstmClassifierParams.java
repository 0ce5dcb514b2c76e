package io.github.sparklstm.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params that {@link LstmClassifier} and {@link LstmClassificationModel} share, with their getters. Spark finds
 * Params by reflection over public accessors returning them, which these default methods are; the Param objects
 * live in each owner's {@link LstmParams}, made after its uid.
 */
public interface LstmClassifierParams extends Params {

    /** The owner's Params (not a Param itself, so Spark's reflection passes over it). */
    LstmParams lstmParams();

    default Param<String> featuresCol() {
        return lstmParams().featuresCol;
    }

    default String getFeaturesCol() {
        return (String) getOrDefault(featuresCol());
    }

    default Param<String> labelCol() {
        return lstmParams().labelCol;
    }

    default String getLabelCol() {
        return (String) getOrDefault(labelCol());
    }

    default Param<String> rawPredictionCol() {
        return lstmParams().rawPredictionCol;
    }

    default String getRawPredictionCol() {
        return (String) getOrDefault(rawPredictionCol());
    }

    default Param<String> probabilityCol() {
        return lstmParams().probabilityCol;
    }

    default String getProbabilityCol() {
        return (String) getOrDefault(probabilityCol());
    }

    default Param<String> predictionCol() {
        return lstmParams().predictionCol;
    }

    default String getPredictionCol() {
        return (String) getOrDefault(predictionCol());
    }

    default Param<String> predictedLabelCol() {
        return lstmParams().predictedLabelCol;
    }

    default String getPredictedLabelCol() {
        return (String) getOrDefault(predictedLabelCol());
    }

    default IntParam hiddenSize() {
        return lstmParams().hiddenSize;
    }

    default int getHiddenSize() {
        return (Integer) getOrDefault(hiddenSize());
    }

    default IntParam numLayers() {
        return lstmParams().numLayers;
    }

    default int getNumLayers() {
        return (Integer) getOrDefault(numLayers());
    }

    default BooleanParam peepholes() {
        return lstmParams().peepholes;
    }

    default boolean getPeepholes() {
        return (Boolean) getOrDefault(peepholes());
    }

    default IntParam classes() {
        return lstmParams().classes;
    }

    default int getClasses() {
        return (Integer) getOrDefault(classes());
    }

    default IntParam epochs() {
        return lstmParams().epochs;
    }

    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    default IntParam batchSize() {
        return lstmParams().batchSize;
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default IntParam numWorkers() {
        return lstmParams().numWorkers;
    }

    default int getNumWorkers() {
        return (Integer) getOrDefault(numWorkers());
    }

    default IntParam averagingFrequency() {
        return lstmParams().averagingFrequency;
    }

    default int getAveragingFrequency() {
        return (Integer) getOrDefault(averagingFrequency());
    }

    default Param<String> optimizer() {
        return lstmParams().optimizer;
    }

    default String getOptimizer() {
        return (String) getOrDefault(optimizer());
    }

    default DoubleParam learningRate() {
        return lstmParams().learningRate;
    }

    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    default DoubleParam momentum() {
        return lstmParams().momentum;
    }

    default double getMomentum() {
        return (Double) getOrDefault(momentum());
    }

    default DoubleParam beta1() {
        return lstmParams().beta1;
    }

    default double getBeta1() {
        return (Double) getOrDefault(beta1());
    }

    default DoubleParam beta2() {
        return lstmParams().beta2;
    }

    default double getBeta2() {
        return (Double) getOrDefault(beta2());
    }

    default DoubleParam epsilon() {
        return lstmParams().epsilon;
    }

    default double getEpsilon() {
        return (Double) getOrDefault(epsilon());
    }

    default DoubleParam rmsDecay() {
        return lstmParams().rmsDecay;
    }

    default double getRmsDecay() {
        return (Double) getOrDefault(rmsDecay());
    }

    default Param<String> schedule() {
        return lstmParams().schedule;
    }

    default String getSchedule() {
        return (String) getOrDefault(schedule());
    }

    default LongParam warmupSteps() {
        return lstmParams().warmupSteps;
    }

    default long getWarmupSteps() {
        return (Long) getOrDefault(warmupSteps());
    }

    default LongParam decaySteps() {
        return lstmParams().decaySteps;
    }

    default long getDecaySteps() {
        return (Long) getOrDefault(decaySteps());
    }

    default DoubleParam decayFactor() {
        return lstmParams().decayFactor;
    }

    default double getDecayFactor() {
        return (Double) getOrDefault(decayFactor());
    }

    default DoubleParam minLearningRate() {
        return lstmParams().minLearningRate;
    }

    default double getMinLearningRate() {
        return (Double) getOrDefault(minLearningRate());
    }

    default DoubleParam clipNorm() {
        return lstmParams().clipNorm;
    }

    default double getClipNorm() {
        return (Double) getOrDefault(clipNorm());
    }

    default LongParam seed() {
        return lstmParams().seed;
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default DoubleParam divergenceLoss() {
        return lstmParams().divergenceLoss;
    }

    default double getDivergenceLoss() {
        return (Double) getOrDefault(divergenceLoss());
    }

    default IntParam divergenceRetries() {
        return lstmParams().divergenceRetries;
    }

    default int getDivergenceRetries() {
        return (Integer) getOrDefault(divergenceRetries());
    }

    default DoubleParam divergenceLearningRateFactor() {
        return lstmParams().divergenceLearningRateFactor;
    }

    default double getDivergenceLearningRateFactor() {
        return (Double) getOrDefault(divergenceLearningRateFactor());
    }

    default Param<String> averagingMethod() {
        return lstmParams().averagingMethod;
    }

    default String getAveragingMethod() {
        return (String) getOrDefault(averagingMethod());
    }

    default Param<String> optimizerState() {
        return lstmParams().optimizerState;
    }

    default String getOptimizerState() {
        return (String) getOrDefault(optimizerState());
    }

    default Param<String> roundExchange() {
        return lstmParams().roundExchange;
    }

    default String getRoundExchange() {
        return (String) getOrDefault(roundExchange());
    }

    default DoubleParam blockMomentum() {
        return lstmParams().blockMomentum;
    }

    default double getBlockMomentum() {
        return (Double) getOrDefault(blockMomentum());
    }

    default DoubleParam blockLearningRate() {
        return lstmParams().blockLearningRate;
    }

    default double getBlockLearningRate() {
        return (Double) getOrDefault(blockLearningRate());
    }

    default DoubleParam serverLearningRate() {
        return lstmParams().serverLearningRate;
    }

    default double getServerLearningRate() {
        return (Double) getOrDefault(serverLearningRate());
    }

    default DoubleParam serverBeta1() {
        return lstmParams().serverBeta1;
    }

    default double getServerBeta1() {
        return (Double) getOrDefault(serverBeta1());
    }

    default DoubleParam serverBeta2() {
        return lstmParams().serverBeta2;
    }

    default double getServerBeta2() {
        return (Double) getOrDefault(serverBeta2());
    }

    default DoubleParam serverEpsilon() {
        return lstmParams().serverEpsilon;
    }

    default double getServerEpsilon() {
        return (Double) getOrDefault(serverEpsilon());
    }

    default IntParam averagingExamples() {
        return lstmParams().averagingExamples;
    }

    default int getAveragingExamples() {
        return (Integer) getOrDefault(averagingExamples());
    }

    default IntParam globalBatchLimit() {
        return lstmParams().globalBatchLimit;
    }

    default int getGlobalBatchLimit() {
        return (Integer) getOrDefault(globalBatchLimit());
    }

    default Param<String> learningRateScaling() {
        return lstmParams().learningRateScaling;
    }

    default String getLearningRateScaling() {
        return (String) getOrDefault(learningRateScaling());
    }

    default DoubleParam scalingWarmupEpochs() {
        return lstmParams().scalingWarmupEpochs;
    }

    default double getScalingWarmupEpochs() {
        return (Double) getOrDefault(scalingWarmupEpochs());
    }

    default IntParam earlyAveragingFrequency() {
        return lstmParams().earlyAveragingFrequency;
    }

    default int getEarlyAveragingFrequency() {
        return (Integer) getOrDefault(earlyAveragingFrequency());
    }

    default DoubleParam earlyAveragingEpochs() {
        return lstmParams().earlyAveragingEpochs;
    }

    default double getEarlyAveragingEpochs() {
        return (Double) getOrDefault(earlyAveragingEpochs());
    }

    default Param<String> checkpointDir() {
        return lstmParams().checkpointDir;
    }

    default String getCheckpointDir() {
        return (String) getOrDefault(checkpointDir());
    }

    default IntParam checkpointEvery() {
        return lstmParams().checkpointEvery;
    }

    default int getCheckpointEvery() {
        return (Integer) getOrDefault(checkpointEvery());
    }

    default IntParam checkpointKeep() {
        return lstmParams().checkpointKeep;
    }

    default int getCheckpointKeep() {
        return (Integer) getOrDefault(checkpointKeep());
    }

    default IntParam steps() {
        return lstmParams().steps;
    }

    default int getSteps() {
        return (Integer) getOrDefault(steps());
    }

    default IntParam inputSize() {
        return lstmParams().inputSize;
    }

    default int getInputSize() {
        return (Integer) getOrDefault(inputSize());
    }

    default Param<String> lengthCol() {
        return lstmParams().lengthCol;
    }

    default String getLengthCol() {
        return (String) getOrDefault(lengthCol());
    }

    default IntParam maxSteps() {
        return lstmParams().maxSteps;
    }

    default int getMaxSteps() {
        return (Integer) getOrDefault(maxSteps());
    }

    default Param<String> longer() {
        return lstmParams().longer;
    }

    default String getLonger() {
        return (String) getOrDefault(longer());
    }

    default Param<String> normalize() {
        return lstmParams().normalize;
    }

    default String getNormalize() {
        return (String) getOrDefault(normalize());
    }

    default Param<String> storageLevel() {
        return lstmParams().storageLevel;
    }

    default String getStorageLevel() {
        return (String) getOrDefault(storageLevel());
    }

    default IntParam evalBatchSize() {
        return lstmParams().evalBatchSize;
    }

    default int getEvalBatchSize() {
        return (Integer) getOrDefault(evalBatchSize());
    }

    default DoubleParam validationFraction() {
        return lstmParams().validationFraction;
    }

    default double getValidationFraction() {
        return (Double) getOrDefault(validationFraction());
    }

    default LongParam validationSeed() {
        return lstmParams().validationSeed;
    }

    default long getValidationSeed() {
        return (Long) getOrDefault(validationSeed());
    }

    default Param<String> keep() {
        return lstmParams().keep;
    }

    default String getKeep() {
        return (String) getOrDefault(keep());
    }

    default Param<String> selectBy() {
        return lstmParams().selectBy;
    }

    default String getSelectBy() {
        return (String) getOrDefault(selectBy());
    }

    default IntParam earlyStoppingPatience() {
        return lstmParams().earlyStoppingPatience;
    }

    default int getEarlyStoppingPatience() {
        return (Integer) getOrDefault(earlyStoppingPatience());
    }

    default IntParam validationEvery() {
        return lstmParams().validationEvery;
    }

    default int getValidationEvery() {
        return (Integer) getOrDefault(validationEvery());
    }

    default IntParam stopAfterEpochs() {
        return lstmParams().stopAfterEpochs;
    }

    default int getStopAfterEpochs() {
        return (Integer) getOrDefault(stopAfterEpochs());
    }
}
