/** JMH benchmarks of the resize kernel: the scalar and vector twins side by side. */
package dev.thumbd.benchmarks.kernel;
