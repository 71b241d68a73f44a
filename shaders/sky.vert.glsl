// Sky dome: a sphere that follows the viewer; the direction is the local vertex position.
varying vec3 vDirection;

void main() {
  vDirection = position;
  vec4 clip = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  // Pin the dome to the far plane so it never hides terrain, whatever its radius.
  gl_Position = clip.xyww;
}
