/* The stb_image implementation, compiled once and without the project's warnings (third-party
   code). Only the formats packs may hold and stb can read: PNG and JPEG; no stdio, no HDR. */
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#include <stb/stb_image.h>
