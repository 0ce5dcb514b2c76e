// Generated from the table of settings (config/ConfigKeys.java) by GeneratedParamsTest.
// Do not edit: change the table and run
// mvn test-compile surefire:test@spark-tests -Dtest=GeneratedParamsTest -Dsparklstm.regenerate=true
package io.github.sparklstm.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params that {@link LstmClassifier} and {@link LstmClassificationModel} share, with their getters:
 * one per key of the job's table of settings that names a Param, and Spark ML's own output columns.
 * Spark finds Params by reflection over public accessors returning them, which these default methods
 * are; the Param objects live in each owner's {@link LstmParams}, made after its uid.
 */
@SuppressWarnings("unchecked")
public interface LstmClassifierParams extends Params {

    /** The owner's Params (not a Param itself, so Spark's reflection passes over it). */
    LstmParams lstmParams();

    /**
     * tables: the features column (an array of steps, each an array of numbers; or a flat array or ML vector with
     * data.steps/data.inputSize), or numeric columns gathered in order: a list a,b,c, a name pattern such as px*,
     * or * for all but the label (text; the job's data.featuresCol)
     */
    default Param<String> featuresCol() {
        return (Param<String>) lstmParams().param("featuresCol");
    }
    default String getFeaturesCol() {
        return (String) getOrDefault(featuresCol());
    }

    /** tables: the label column: integers 0..C-1 or strings (text; the job's data.labelCol) */
    default Param<String> labelCol() {
        return (Param<String>) lstmParams().param("labelCol");
    }
    default String getLabelCol() {
        return (String) getOrDefault(labelCol());
    }

    /**
     * flat features: time steps per sequence (0: from data.inputSize) (integer in [0, 2147483647]; the job's
     * data.steps)
     */
    default IntParam steps() {
        return (IntParam) lstmParams().param("steps");
    }
    default int getSteps() {
        return (Integer) getOrDefault(steps());
    }

    /**
     * tables: the longest sequence allowed (0: any); nested arrays may differ in length (integer in [0,
     * 2147483647]; the job's data.maxSteps)
     */
    default IntParam maxSteps() {
        return (IntParam) lstmParams().param("maxSteps");
    }
    default int getMaxSteps() {
        return (Integer) getOrDefault(maxSteps());
    }

    /**
     * tables: a column of integers, each sequence's number of steps; its features past them are padding and dropped
     * (flat features then need data.inputSize); empty: none (text; the job's data.lengthCol)
     */
    default Param<String> lengthCol() {
        return (Param<String>) lstmParams().param("lengthCol");
    }
    default String getLengthCol() {
        return (String) getOrDefault(lengthCol());
    }

    /**
     * tables: a sequence longer than data.maxSteps fails the run naming its row (refuse) or keeps its first
     * data.maxSteps steps (cut) (refuse | cut; the job's data.longer)
     */
    default Param<String> longer() {
        return (Param<String>) lstmParams().param("longer");
    }
    default String getLonger() {
        return (String) getOrDefault(longer());
    }

    /**
     * flat features: features per step (0: from data.steps) (integer in [0, 2147483647]; the job's data.inputSize)
     */
    default IntParam inputSize() {
        return (IntParam) lstmParams().param("inputSize");
    }
    default int getInputSize() {
        return (Integer) getOrDefault(inputSize());
    }

    /**
     * inputs: standardised with the training set's mean and std over all values, per feature, or raw (idx:
     * pixel/255) (standardize | standardize-features | none; the job's data.normalize)
     */
    default Param<String> normalize() {
        return (Param<String>) lstmParams().param("normalize");
    }
    default String getNormalize() {
        return (String) getOrDefault(normalize());
    }

    /**
     * share of the training examples held out for validation, chosen by a hash of their position (0: none) (number
     * in [0, 0.9]; the job's data.validationFraction)
     */
    default DoubleParam validationFraction() {
        return (DoubleParam) lstmParams().param("validationFraction");
    }
    default double getValidationFraction() {
        return (Double) getOrDefault(validationFraction());
    }

    /** seed of the hash choosing the validation examples (integer in [0, inf]; the job's data.validationSeed) */
    default LongParam validationSeed() {
        return (LongParam) lstmParams().param("validationSeed");
    }
    default long getValidationSeed() {
        return (Long) getOrDefault(validationSeed());
    }

    /**
     * how executors cache their shards (Spark storage level; the disk levels for data sets larger than the
     * executors' memory) (MEMORY_ONLY | MEMORY_AND_DISK | MEMORY_ONLY_SER | MEMORY_AND_DISK_SER | DISK_ONLY; the
     * job's data.storageLevel)
     */
    default Param<String> storageLevel() {
        return (Param<String>) lstmParams().param("storageLevel");
    }
    default String getStorageLevel() {
        return (String) getOrDefault(storageLevel());
    }

    /** LSTM units per layer (integer in [1, 4096]; the job's model.hidden) */
    default IntParam hiddenSize() {
        return (IntParam) lstmParams().param("hiddenSize");
    }
    default int getHiddenSize() {
        return (Integer) getOrDefault(hiddenSize());
    }

    /** stacked LSTM layers (integer in [1, 16]; the job's model.layers) */
    default IntParam numLayers() {
        return (IntParam) lstmParams().param("numLayers");
    }
    default int getNumLayers() {
        return (Integer) getOrDefault(numLayers());
    }

    /** peephole connections from the cell into the gates (true | false; the job's model.peepholes) */
    default BooleanParam peepholes() {
        return (BooleanParam) lstmParams().param("peepholes");
    }
    default boolean getPeepholes() {
        return (Boolean) getOrDefault(peepholes());
    }

    /**
     * every layer runs a forward and a backward LSTM whose hidden states are concatenated (as
     * nn.LSTM(bidirectional=True)); the backward one starts at each sequence's own last step (true | false; the
     * job's model.bidirectional)
     */
    default BooleanParam bidirectional() {
        return (BooleanParam) lstmParams().param("bidirectional");
    }
    default boolean getBidirectional() {
        return (Boolean) getOrDefault(bidirectional());
    }

    /**
     * where the head reads each sequence: its last step, a class per sequence; or every step, a class per step
     * (sequence labelling: the label column holds an array of one label per step, null where a step has none) (last
     * | steps; the job's model.output)
     */
    default Param<String> output() {
        return (Param<String>) lstmParams().param("output");
    }
    default String getOutput() {
        return (String) getOrDefault(output());
    }

    /**
     * classes (0: from the data: the largest integer label + 1, or the number of distinct string labels) (integer
     * in [0, 100000]; the job's model.classes)
     */
    default IntParam classes() {
        return (IntParam) lstmParams().param("classes");
    }
    default int getClasses() {
        return (Integer) getOrDefault(classes());
    }

    /** passes over the training set (integer in [1, 100000]; the job's train.epochs) */
    default IntParam epochs() {
        return (IntParam) lstmParams().param("epochs");
    }
    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    /** minibatch size on each worker (integer in [1, 65536]; the job's train.batchSize) */
    default IntParam batchSize() {
        return (IntParam) lstmParams().param("batchSize");
    }
    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /**
     * at most this many examples in a step of all workers together: past it each worker's minibatch is this /
     * train.workers (0: no limit) (integer in [0, 2147483647]; the job's train.globalBatchLimit)
     */
    default IntParam globalBatchLimit() {
        return (IntParam) lstmParams().param("globalBatchLimit");
    }
    default int getGlobalBatchLimit() {
        return (Integer) getOrDefault(globalBatchLimit());
    }

    /**
     * data partitions, each trained as one replica per round (0 = Spark's default parallelism) (integer in [0,
     * 100000]; the job's train.workers)
     */
    default IntParam numWorkers() {
        return (IntParam) lstmParams().param("numWorkers");
    }
    default int getNumWorkers() {
        return (Integer) getOrDefault(numWorkers());
    }

    /**
     * local minibatches per worker between two parameter averagings (0: from train.averagingExamples) (integer in
     * [0, 1000000]; the job's train.averagingFrequency)
     */
    default IntParam averagingFrequency() {
        return (IntParam) lstmParams().param("averagingFrequency");
    }
    default int getAveragingFrequency() {
        return (Integer) getOrDefault(averagingFrequency());
    }

    /**
     * with train.averagingFrequency=0, the examples all workers train together between two averagings: this /
     * (train.workers × each one's minibatch) minibatches a round, at least 1 (8192: every 32 minibatches of 128 on
     * 2 workers, every 8 on 8) (integer in [1, 2147483647]; the job's train.averagingExamples)
     */
    default IntParam averagingExamples() {
        return (IntParam) lstmParams().param("averagingExamples");
    }
    default int getAveragingExamples() {
        return (Integer) getOrDefault(averagingExamples());
    }

    /** update rule (sgd | momentum | nesterov | adam | rmsprop; the job's train.optimizer) */
    default Param<String> optimizer() {
        return (Param<String>) lstmParams().param("optimizer");
    }
    default String getOptimizer() {
        return (String) getOrDefault(optimizer());
    }

    /** base learning rate (number in (0, 1000000]; the job's train.learningRate) */
    default DoubleParam learningRate() {
        return (DoubleParam) lstmParams().param("learningRate");
    }
    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    /** momentum and nesterov: velocity decay (number in [0, 1]; the job's train.momentum) */
    default DoubleParam momentum() {
        return (DoubleParam) lstmParams().param("momentum");
    }
    default double getMomentum() {
        return (Double) getOrDefault(momentum());
    }

    /** adam: first-moment decay (number in [0, 0.999999]; the job's train.beta1) */
    default DoubleParam beta1() {
        return (DoubleParam) lstmParams().param("beta1");
    }
    default double getBeta1() {
        return (Double) getOrDefault(beta1());
    }

    /** adam: second-moment decay (number in [0, 0.999999999]; the job's train.beta2) */
    default DoubleParam beta2() {
        return (DoubleParam) lstmParams().param("beta2");
    }
    default double getBeta2() {
        return (Double) getOrDefault(beta2());
    }

    /** adam and rmsprop: denominator term (number in (0, 1]; the job's train.epsilon) */
    default DoubleParam epsilon() {
        return (DoubleParam) lstmParams().param("epsilon");
    }
    default double getEpsilon() {
        return (Double) getOrDefault(epsilon());
    }

    /** rmsprop: mean-square decay (number in [0, 0.999999999]; the job's train.rmsDecay) */
    default DoubleParam rmsDecay() {
        return (DoubleParam) lstmParams().param("rmsDecay");
    }
    default double getRmsDecay() {
        return (Double) getOrDefault(rmsDecay());
    }

    /** learning-rate schedule over the global step (constant | step | cosine; the job's train.schedule) */
    default Param<String> schedule() {
        return (Param<String>) lstmParams().param("schedule");
    }
    default String getSchedule() {
        return (String) getOrDefault(schedule());
    }

    /** linear warm-up steps before the schedule (integer in [0, inf]; the job's train.warmupSteps) */
    default LongParam warmupSteps() {
        return (LongParam) lstmParams().param("warmupSteps");
    }
    default long getWarmupSteps() {
        return (Long) getOrDefault(warmupSteps());
    }

    /**
     * the learning rate (and train.minLearningRate) of averaged replicas that each take 1/s of one worker's steps
     * (s = train.workers × each one's minibatch / train.batchSize): as set (none), times √s (sqrt) or times s
     * (linear) (none | sqrt | linear; the job's train.learningRateScaling)
     */
    default Param<String> learningRateScaling() {
        return (Param<String>) lstmParams().param("learningRateScaling");
    }
    default String getLearningRateScaling() {
        return (String) getOrDefault(learningRateScaling());
    }

    /**
     * epochs over which a scaled learning rate ramps up linearly from train.learningRate to its scaled value (Goyal
     * et al. 2017) (number in [0, 100000]; the job's train.scalingWarmupEpochs)
     */
    default DoubleParam scalingWarmupEpochs() {
        return (DoubleParam) lstmParams().param("scalingWarmupEpochs");
    }
    default double getScalingWarmupEpochs() {
        return (Double) getOrDefault(scalingWarmupEpochs());
    }

    /** step schedule: steps between decays (integer in [1, inf]; the job's train.decaySteps) */
    default LongParam decaySteps() {
        return (LongParam) lstmParams().param("decaySteps");
    }
    default long getDecaySteps() {
        return (Long) getOrDefault(decaySteps());
    }

    /** step schedule: factor per decay (number in (0, 1]; the job's train.decayFactor) */
    default DoubleParam decayFactor() {
        return (DoubleParam) lstmParams().param("decayFactor");
    }
    default double getDecayFactor() {
        return (Double) getOrDefault(decayFactor());
    }

    /** cosine schedule: final learning rate (number in [0, 10]; the job's train.minLearningRate) */
    default DoubleParam minLearningRate() {
        return (DoubleParam) lstmParams().param("minLearningRate");
    }
    default double getMinLearningRate() {
        return (Double) getOrDefault(minLearningRate());
    }

    /** global L2 gradient-norm limit (0 = no clipping) (number in [0, inf]; the job's train.clipNorm) */
    default DoubleParam clipNorm() {
        return (DoubleParam) lstmParams().param("clipNorm");
    }
    default double getClipNorm() {
        return (Double) getOrDefault(clipNorm());
    }

    /** seed of initialisation and data order (integer in [0, inf]; the job's train.seed) */
    default LongParam seed() {
        return (LongParam) lstmParams().param("seed");
    }
    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /**
     * a round whose mean training loss exceeds this has diverged (100 = probability e^-100 on the true class), as
     * has one with a non-finite loss or parameter (number in (0, inf]; the job's train.divergenceLoss)
     */
    default DoubleParam divergenceLoss() {
        return (DoubleParam) lstmParams().param("divergenceLoss");
    }
    default double getDivergenceLoss() {
        return (Double) getOrDefault(divergenceLoss());
    }

    /**
     * times a diverged round is rolled back and retried before the job stops (integer in [0, 100]; the job's
     * train.divergenceRetries)
     */
    default IntParam divergenceRetries() {
        return (IntParam) lstmParams().param("divergenceRetries");
    }
    default int getDivergenceRetries() {
        return (Integer) getOrDefault(divergenceRetries());
    }

    /**
     * stop after this many epochs, keeping the learning-rate schedule of train.epochs (0: train.epochs); a finished
     * run resumed with more continues (integer in [0, 100000]; the job's train.stopAfterEpochs)
     */
    default IntParam stopAfterEpochs() {
        return (IntParam) lstmParams().param("stopAfterEpochs");
    }
    default int getStopAfterEpochs() {
        return (Integer) getOrDefault(stopAfterEpochs());
    }

    /**
     * the parameters saved as the model: the last, or those of the best validation (last | best; the job's
     * train.keep)
     */
    default Param<String> keep() {
        return (Param<String>) lstmParams().param("keep");
    }
    default String getKeep() {
        return (String) getOrDefault(keep());
    }

    /** the validation metric that decides 'best' and early stopping (loss | accuracy; the job's train.selectBy) */
    default Param<String> selectBy() {
        return (Param<String>) lstmParams().param("selectBy");
    }
    default String getSelectBy() {
        return (String) getOrDefault(selectBy());
    }

    /**
     * stop after this many validations in a row without improvement (0: never) (integer in [0, 100000]; the job's
     * train.earlyStopping.patience)
     */
    default IntParam earlyStoppingPatience() {
        return (IntParam) lstmParams().param("earlyStoppingPatience");
    }
    default int getEarlyStoppingPatience() {
        return (Integer) getOrDefault(earlyStoppingPatience());
    }

    /**
     * learning-rate factor applied at each divergence retry (number in (0, 0.999999]; the job's
     * train.divergenceLearningRateFactor)
     */
    default DoubleParam divergenceLearningRateFactor() {
        return (DoubleParam) lstmParams().param("divergenceLearningRateFactor");
    }
    default double getDivergenceLearningRateFactor() {
        return (Double) getOrDefault(divergenceLearningRateFactor());
    }

    /**
     * mean: example-weighted average; bmuf: block momentum on the driver (Chen and Huo 2016); adam: Adam on the
     * driver, the round's average minus its start as the gradient (FedAdam, Reddi et al. 2021) (mean | bmuf | adam;
     * the job's averaging.method)
     */
    default Param<String> averagingMethod() {
        return (Param<String>) lstmParams().param("averagingMethod");
    }
    default String getAveragingMethod() {
        return (String) getOrDefault(averagingMethod());
    }

    /**
     * optimizer state of the replicas: averaged like parameters, or reset every round (average | reset; the job's
     * averaging.optimizerState)
     */
    default Param<String> optimizerState() {
        return (Param<String>) lstmParams().param("optimizerState");
    }
    default String getOptimizerState() {
        return (String) getOrDefault(optimizerState());
    }

    /** bmuf: block momentum (number in [0, 0.999999]; the job's averaging.blockMomentum) */
    default DoubleParam blockMomentum() {
        return (DoubleParam) lstmParams().param("blockMomentum");
    }
    default double getBlockMomentum() {
        return (Double) getOrDefault(blockMomentum());
    }

    /** bmuf: block learning rate (number in (0, 10]; the job's averaging.blockLearningRate) */
    default DoubleParam blockLearningRate() {
        return (DoubleParam) lstmParams().param("blockLearningRate");
    }
    default double getBlockLearningRate() {
        return (Double) getOrDefault(blockLearningRate());
    }

    /**
     * adam: the driver's rate, about a parameter's step in a round once the second moment has settled (up to rate /
     * sqrt(1 - serverBeta2) while it is small) (number in (0, 10]; the job's averaging.serverLearningRate)
     */
    default DoubleParam serverLearningRate() {
        return (DoubleParam) lstmParams().param("serverLearningRate");
    }
    default double getServerLearningRate() {
        return (Double) getOrDefault(serverLearningRate());
    }

    /**
     * adam: the driver's first-moment decay (0: none; the paper's 0.9 lags the few rounds of a run) (number in [0,
     * 0.999999]; the job's averaging.serverBeta1)
     */
    default DoubleParam serverBeta1() {
        return (DoubleParam) lstmParams().param("serverBeta1");
    }
    default double getServerBeta1() {
        return (Double) getOrDefault(serverBeta1());
    }

    /** adam: the driver's second-moment decay (number in [0, 0.999999]; the job's averaging.serverBeta2) */
    default DoubleParam serverBeta2() {
        return (DoubleParam) lstmParams().param("serverBeta2");
    }
    default double getServerBeta2() {
        return (Double) getOrDefault(serverBeta2());
    }

    /**
     * adam: the driver's epsilon (τ); a movement much smaller than it is multiplied by about serverLearningRate /
     * serverEpsilon (number in (0, 10]; the job's averaging.serverEpsilon)
     */
    default DoubleParam serverEpsilon() {
        return (DoubleParam) lstmParams().param("serverEpsilon");
    }
    default double getServerEpsilon() {
        return (Double) getOrDefault(serverEpsilon());
    }

    /**
     * local minibatches per worker between two averagings during the first averaging.earlyEpochs (post-local SGD,
     * Lin et al. 2020; 0: train.averagingFrequency throughout) (integer in [0, 1000000]; the job's
     * averaging.earlyFrequency)
     */
    default IntParam earlyAveragingFrequency() {
        return (IntParam) lstmParams().param("earlyAveragingFrequency");
    }
    default int getEarlyAveragingFrequency() {
        return (Integer) getOrDefault(earlyAveragingFrequency());
    }

    /**
     * epochs averaged every averaging.earlyFrequency minibatches (number in [0, 100000]; the job's
     * averaging.earlyEpochs)
     */
    default DoubleParam earlyAveragingEpochs() {
        return (DoubleParam) lstmParams().param("earlyAveragingEpochs");
    }
    default double getEarlyAveragingEpochs() {
        return (Double) getOrDefault(earlyAveragingEpochs());
    }

    /**
     * how rounds reach the executors: endpoint: the long-lived tasks of one barrier job per epoch take round after
     * round from an endpoint on the driver (Spark's cost of a job once an epoch, not every round); jobs: a Spark
     * job per round; auto: endpoint unless the cluster rules it out (dynamic allocation, fewer task slots than
     * partitions, held-out data on a cluster) (auto | endpoint | jobs; the job's averaging.exchange)
     */
    default Param<String> roundExchange() {
        return (Param<String>) lstmParams().param("roundExchange");
    }
    default String getRoundExchange() {
        return (String) getOrDefault(roundExchange());
    }

    /**
     * rounds between checkpoints, besides one at the end of every epoch (0: epoch ends only) (integer in [0,
     * 2147483647]; the job's checkpoint.every)
     */
    default IntParam checkpointEvery() {
        return (IntParam) lstmParams().param("checkpointEvery");
    }
    default int getCheckpointEvery() {
        return (Integer) getOrDefault(checkpointEvery());
    }

    /** checkpoints kept; older ones are deleted (integer in [1, 1000]; the job's checkpoint.keep) */
    default IntParam checkpointKeep() {
        return (IntParam) lstmParams().param("checkpointKeep");
    }
    default int getCheckpointKeep() {
        return (Integer) getOrDefault(checkpointKeep());
    }

    /** minibatch size of evaluation (integer in [1, 65536]; the job's eval.batchSize) */
    default IntParam evalBatchSize() {
        return (IntParam) lstmParams().param("evalBatchSize");
    }
    default int getEvalBatchSize() {
        return (Integer) getOrDefault(evalBatchSize());
    }

    /**
     * rounds between validations (0: after every epoch) (integer in [0, 2147483647]; the job's
     * eval.validationEvery)
     */
    default IntParam validationEvery() {
        return (IntParam) lstmParams().param("validationEvery");
    }
    default int getValidationEvery() {
        return (Integer) getOrDefault(validationEvery());
    }

    /**
     * directory (any Hadoop path) for checkpoints of fit, in a subdirectory per fit named by a digest of its
     * settings and data: the same fit again resumes from them; empty: none
     */
    default Param<String> checkpointDir() {
        return (Param<String>) lstmParams().param("checkpointDir");
    }
    default String getCheckpointDir() {
        return (String) getOrDefault(checkpointDir());
    }

    /** output column: the logits (a vector) */
    default Param<String> rawPredictionCol() {
        return (Param<String>) lstmParams().param("rawPredictionCol");
    }
    default String getRawPredictionCol() {
        return (String) getOrDefault(rawPredictionCol());
    }

    /** output column: the class probabilities (a vector) */
    default Param<String> probabilityCol() {
        return (Param<String>) lstmParams().param("probabilityCol");
    }
    default String getProbabilityCol() {
        return (String) getOrDefault(probabilityCol());
    }

    /** output column: the predicted class number (double) */
    default Param<String> predictionCol() {
        return (Param<String>) lstmParams().param("predictionCol");
    }
    default String getPredictionCol() {
        return (String) getOrDefault(predictionCol());
    }

    /** output column: the predicted class as the training labels wrote it (string or int) */
    default Param<String> predictedLabelCol() {
        return (Param<String>) lstmParams().param("predictedLabelCol");
    }
    default String getPredictedLabelCol() {
        return (String) getOrDefault(predictedLabelCol());
    }
}
