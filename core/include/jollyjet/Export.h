#pragma once

/// JOLLYJET_API marks what libjollyjet-core exports: the classes and functions the
/// SDK headers declare, and the host-only API of core's internal headers. The
/// library is built with hidden visibility, so everything else (private headers under
/// core/src, helpers, inline functions) stays inside it and can change freely.
/// Marking a class exports its members, its vtable and its typeinfo, so exceptions
/// and dynamic_cast work across the library boundary.
#if defined(__GNUC__) || defined(__clang__)
#define JOLLYJET_API __attribute__((visibility("default")))
#else
#define JOLLYJET_API
#endif
