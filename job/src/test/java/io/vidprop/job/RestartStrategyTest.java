package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.executiongraph.failover.ExponentialDelayRestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.FixedDelayRestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * The job's restart behaviour, resolved the way Flink's JobMaster resolves it (job configuration, then the cluster's,
 * then Flink's default): the job sets no strategy of its own, so a cluster's explicit choice is kept, and where the
 * cluster sets none, checkpointing makes Flink's default exponential-delay with unlimited attempts.
 */
class RestartStrategyTest {
    static StreamGraph jobGraph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ProposalJob.build(env, ProposalJobOptions.builder().build());
        return env.getStreamGraph();
    }

    static RestartBackoffTimeStrategy.Factory resolve(StreamGraph graph, Configuration cluster) {
        return RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                graph.getJobConfiguration(), cluster, graph.getCheckpointConfig().isCheckpointingEnabled());
    }

    @Test
    void withoutAClusterSettingTheJobRestartsWithExponentialDelayForever() {
        StreamGraph graph = jobGraph();
        assertEquals(java.util.Optional.empty(), graph.getJobConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY),
                "the job sets no restart strategy");
        RestartBackoffTimeStrategy.Factory factory = resolve(graph, new Configuration());
        assertTrue(factory instanceof ExponentialDelayRestartBackoffTimeStrategy
                .ExponentialDelayRestartBackoffTimeStrategyFactory, factory.toString());
        assertEquals(Integer.MAX_VALUE, RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS.defaultValue(),
                "Flink's default attempts before the backoff resets");
        RestartBackoffTimeStrategy strategy = factory.create();
        for (int i = 0; i < 1000; i++) {
            strategy.notifyFailure(new RuntimeException("task manager lost"));
            assertTrue(strategy.canRestart(), "still restarting after " + (i + 1) + " failures");
        }
    }

    @Test
    void aClustersExplicitRestartStrategyIsKept() {
        Configuration cluster = new Configuration();
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        RestartBackoffTimeStrategy.Factory factory = resolve(jobGraph(), cluster);
        assertTrue(factory instanceof FixedDelayRestartBackoffTimeStrategy.FixedDelayRestartBackoffTimeStrategyFactory,
                factory.toString());
    }
}
