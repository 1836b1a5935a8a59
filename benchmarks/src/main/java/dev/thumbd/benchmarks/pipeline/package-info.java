/** JMH benchmark of the whole thumbnail pipeline per corpus image. */
package dev.thumbd.benchmarks.pipeline;
