namespace Dangjian.Platform.Http;

/// <summary>The body of a 201 answer: the new record's id (its address is in the Location header).</summary>
public sealed record Created(long Id);
