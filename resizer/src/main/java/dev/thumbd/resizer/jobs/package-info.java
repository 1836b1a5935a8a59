/**
 * Background renders: named variant sets ({@link dev.thumbd.resizer.jobs.VariantSet}), jobs taken in and queued
 * ({@link dev.thumbd.resizer.jobs.JobIntake}), their progress ({@link dev.thumbd.resizer.jobs.JobLedger}), and the
 * consumer that renders them through the thumbnail service only while interactive traffic leaves room
 * ({@link dev.thumbd.resizer.jobs.BackgroundRenders}, {@link dev.thumbd.resizer.jobs.InteractiveFirst}); bucket
 * events ({@link dev.thumbd.resizer.jobs.BucketEvents}) with the last sequencer per key shared like the queue
 * ({@link dev.thumbd.resizer.jobs.SequencerMemory}).
 */
@NullMarked
package dev.thumbd.resizer.jobs;

import org.jspecify.annotations.NullMarked;
