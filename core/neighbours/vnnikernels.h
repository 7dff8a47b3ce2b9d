#pragma once

// The target attribute of the AVX-512 VNNI kernels (dotproducts.cpp, roundedrows.cpp): code
// marked with it must only run after their CPU check.
#define AUDIOSET_VNNI __attribute__((target("avx512f,avx512bw,avx512vnni,avx2")))
