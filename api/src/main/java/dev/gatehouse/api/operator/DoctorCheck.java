package dev.gatehouse.api.operator;

/**
 * One line of {@code doctor}.
 *
 * @param name what was checked: {@code home}, {@code config}, {@code vault}, ...
 * @param problem whether it needs the operator's attention
 */
public record DoctorCheck(String name, String result, boolean problem) {}
