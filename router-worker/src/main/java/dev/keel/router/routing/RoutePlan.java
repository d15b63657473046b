package dev.keel.router.routing;

import dev.keel.router.control.ControlState;
import dev.keel.schemas.PromptRequest;

import java.util.List;

/**
 * Stage: the route. The providers a request goes to, in order: the planner's order (strategy, seed, pin) without
 * the providers switched off on {@code keel.control}. Thread-safe.
 */
final class RoutePlan {

    private final RoutePlanner planner;
    private final ControlState control;

    RoutePlan(RoutePlanner planner, ControlState control) {
        this.planner = planner;
        this.control = control;
    }

    List<String> of(PromptRequest request) {
        return planner.order(request).stream().filter(name -> !control.isDisabled(name)).toList();
    }
}
