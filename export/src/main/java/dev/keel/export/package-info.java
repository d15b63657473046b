/** keel export: results on llm.results as OpenTelemetry traces over OTLP/HTTP. */
package dev.keel.export;
