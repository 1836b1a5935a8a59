package dev.thumbd.resizer.pipeline;

/** One stage of the pipeline: reads what earlier steps left in the job and leaves its own result there. */
interface Step {

    /** The stage this step's time is booked to. */
    Stage stage();

    void apply(Job job);
}
