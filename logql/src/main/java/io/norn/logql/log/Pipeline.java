package io.norn.logql.log;

import io.norn.model.Labels;

import java.util.List;

/**
 * A compiled log pipeline for one query: the ordered stages. Thread-safe; {@link #forStream} gives each stream its
 * own {@link StreamPipeline}.
 */
public final class Pipeline {
    private static final Pipeline NOOP = new Pipeline(List.of());

    private final List<Stage> stages;

    private Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public static Pipeline of(List<Stage> stages) {
        return stages.isEmpty() ? NOOP : new Pipeline(stages);
    }

    public static Pipeline noop() {
        return NOOP;
    }

    public boolean isNoop() {
        return stages.isEmpty();
    }

    public List<Stage> stages() {
        return stages;
    }

    public StreamPipeline forStream(Labels streamLabels) {
        Stage.Processor[] processors = new Stage.Processor[stages.size()];
        for (int i = 0; i < processors.length; i++) processors[i] = stages.get(i).processor();
        return new StreamPipeline(streamLabels, processors);
    }
}
