package io.inbetween.training;

/** The two stages of a CRVD run: first the mu-network alone, then the denoiser on the frozen mu's residuals. */
enum TrainingStage {
    MU("mu"), DENOISER("denoiser");

    final String label;

    TrainingStage(String label) { this.label = label; }

    static TrainingStage at(long iteration, long muIterations) { return iteration < muIterations ? MU : DENOISER; }
}
