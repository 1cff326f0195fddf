namespace CircuitBreaker.Grains;

/// <summary>Marks this assembly for grain discovery (<c>AddGrainAssemblyOf&lt;GrainsAssembly&gt;()</c>).</summary>
public sealed class GrainsAssembly;
