// Leaflet with its marker-cluster plugin, which expects a global L.
import L from 'leaflet';

window.L = L;
export default L;
